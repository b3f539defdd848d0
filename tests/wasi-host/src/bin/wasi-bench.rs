//! Scan time of the Debian fixture: native CLI vs the wasip1 command vs the
//! wasip2 component, in the same run, plus the artifact sizes.
//!
//! ```text
//! wasi-bench NATIVE_AIRLOCK COMMAND.wasm COMPONENT.wasm SNAPSHOT IMAGE [RUNS]
//! ```
//!
//! Every figure is the median of RUNS (default 5) runs after one warm-up.
//! Compiling the wasm (Cranelift) is timed once, apart. End-to-end figures
//! include loading the 15 MiB snapshot, as a CLI run does; the component is
//! also timed scanning with a snapshot it already holds.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use airlock_wasi_host::{Input, Plugin, Preopen, ScanOptions};
use wasmtime::Module;

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:8.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 5 {
        eprintln!("usage: wasi-bench NATIVE_AIRLOCK COMMAND.wasm COMPONENT.wasm SNAPSHOT IMAGE [RUNS]");
        return ExitCode::from(2);
    }
    let p = |i: usize| PathBuf::from(&args[i]).canonicalize().expect("path exists");
    let (native, command, component, snapshot, image) = (p(0), p(1), p(2), p(3), p(4));
    let runs = args.get(5).and_then(|r| r.parse().ok()).unwrap_or(5);
    match bench(&native, &command, &component, &snapshot, &image, runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasi-bench: {e:?}");
            ExitCode::from(1)
        }
    }
}

fn bench(
    native: &Path,
    command: &Path,
    component: &Path,
    snapshot: &Path,
    image: &Path,
    runs: usize,
) -> wasmtime::Result<()> {
    let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    println!("image     {} ({:.1} MiB)", image.display(), size(image) as f64 / 1048576.0);
    println!("component {} bytes ({})", size(component), component.display());
    println!("command   {} bytes ({})", size(command), command.display());
    println!("native    {} bytes ({})", size(native), native.display());
    println!("median of {runs} runs after a warm-up:");

    let cli_args = ["quickview".to_string(), s(image), "--db".into(), s(snapshot), "--format".into(), "json".into()];
    let t = median(runs, || {
        let out = Command::new(native).args(&cli_args).output().expect("native run");
        assert!(out.status.success());
    });
    println!("native CLI  quickview --format json (process, snapshot load, scan)  {}", ms(t));

    let engine = airlock_wasi_host::engine()?;
    let preopens = [
        Preopen::read_only(image.parent().expect("dir"), &s(image.parent().expect("dir"))),
        Preopen::read_only(snapshot.parent().expect("dir"), &s(snapshot.parent().expect("dir"))),
    ];
    let t = Instant::now();
    let module = Module::from_file(&engine, command)?;
    println!("wasip1      compile (Cranelift, once)                              {}", ms(t.elapsed()));
    let mut argv = vec!["airlock".to_string()];
    argv.extend(cli_args.iter().cloned());
    let t = median(runs, || {
        let out = airlock_wasi_host::run_command(&engine, &module, &argv, &preopens).expect("wasip1 run");
        assert_eq!(out.code, 0);
    });
    println!("wasip1      quickview --format json (instantiate, snapshot load, scan) {}", ms(t));

    let t = Instant::now();
    let comp = Plugin::load_component(&engine, component)?;
    println!("component   compile (Cranelift, once)                              {}", ms(t.elapsed()));
    let options = ScanOptions { platform: None, source: None };
    let t = median(runs, || {
        let mut plugin = Plugin::new(&engine, &comp, &preopens).expect("instantiate");
        let db = plugin.load_snapshot(&Input::Path(s(snapshot))).expect("no trap").expect("snapshot");
        plugin.scan_image(db, &Input::Path(s(image)), &options).expect("no trap").expect("scan");
    });
    println!("component   instantiate + snapshot.load + scan-image                {}", ms(t));
    let mut plugin = Plugin::new(&engine, &comp, &preopens)?;
    let db = plugin.load_snapshot(&Input::Path(s(snapshot)))?.expect("snapshot");
    let t = median(runs, || {
        plugin.scan_image(db, &Input::Path(s(image)), &options).expect("no trap").expect("scan");
    });
    println!("component   scan-image only (snapshot already loaded)               {}", ms(t));
    Ok(())
}
