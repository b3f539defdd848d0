//! Times `read_image` on an archive: `cargo run --release -p airlock-image --example read_timing -- <image.tar>`.
#![allow(clippy::print_stdout)]

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use airlock_image::{ReadOptions, read_image};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read_timing <image.tar>")?;
    let wanted = |p: &str| p == "/var/lib/dpkg/status" || p == "/etc/os-release" || p == "/usr/lib/os-release";
    let start = Instant::now();
    let image = read_image(BufReader::new(File::open(&path)?), &wanted, &ReadOptions::default(), &mut |_| {})?;
    let elapsed = start.elapsed();
    let uncompressed: u64 = image.info.layers.iter().map(|l| l.uncompressed_size).sum();
    println!(
        "{path}: {} layers, {} MiB uncompressed, {} kept files, {:.3} s",
        image.info.layers.len(),
        uncompressed >> 20,
        image.files.iter().count(),
        elapsed.as_secs_f64()
    );
    Ok(())
}
