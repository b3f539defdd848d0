//! A small wasmtime host for Airlock's WebAssembly builds; the example of how
//! a tool embeds the scanner, and the real host of the tests.
//!
//! - [`Plugin`] loads the `wasm32-wasip2` component (`wit/airlock.wit`) with
//!   typed bindings generated from the same WIT, and calls
//!   `snapshot.load` / `scan-image` / `scan-sbom`.
//! - [`run_command`] runs the `wasm32-wasip1` build of the CLI like
//!   `wasmtime run --dir HOST::GUEST airlock.wasm ARGS…` and captures its
//!   stdout, stderr and exit code.

use std::path::{Path, PathBuf};

use wasmtime::component::{Component, Linker as ComponentLinker, ResourceAny};
use wasmtime::error::Context;
use wasmtime::{Config, Engine, Linker, Module, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, I32Exit, ResourceTable, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

wasmtime::component::bindgen!({ world: "airlock", path: "../../wit" });

pub use airlock::scanner::types::{Finding, FindingState, Report, ScanError, ScanOptions, Severity};
pub use exports::airlock::scanner::scanner::Input;

/// A host directory visible to the guest under another name.
#[derive(Debug, Clone)]
pub struct Preopen {
    /// The directory on the host.
    pub host: PathBuf,
    /// Its path inside the guest, e.g. `/data`.
    pub guest: String,
    /// Whether the guest may write there (the upload spool needs it).
    pub writable: bool,
}

impl Preopen {
    /// A read-only preopen.
    pub fn read_only(host: impl Into<PathBuf>, guest: &str) -> Self {
        Self { host: host.into(), guest: guest.into(), writable: false }
    }
}

fn wasi_ctx(
    args: &[String],
    preopens: &[Preopen],
    stdout: Option<MemoryOutputPipe>,
    stderr: Option<MemoryOutputPipe>,
) -> wasmtime::Result<WasiCtxBuilder> {
    let mut b = WasiCtxBuilder::new();
    b.args(args);
    for p in preopens {
        let perms = if p.writable { FsPerms::ReadWrite } else { FsPerms::ReadOnly };
        b.preopened_dir(&p.host, &p.guest, perms).with_context(|| format!("preopen {}", p.host.display()))?;
    }
    if let Some(out) = stdout {
        b.stdout(out);
    }
    match stderr {
        Some(err) => b.stderr(err),
        None => b.inherit_stderr(),
    };
    Ok(b)
}

/// What a command run printed and returned.
#[derive(Debug, Clone)]
pub struct CommandOutput {
    /// The exit code (0 when `main` returned normally).
    pub code: i32,
    /// Everything written to stdout.
    pub stdout: Vec<u8>,
    /// Everything written to stderr.
    pub stderr: Vec<u8>,
}

/// Runs a `wasm32-wasip1` command module with `args` (`args[0]` is the
/// program name) and the given preopened directories.
pub fn run_command(
    engine: &Engine,
    module: &Module,
    args: &[String],
    preopens: &[Preopen],
) -> wasmtime::Result<CommandOutput> {
    let out = MemoryOutputPipe::new(256 << 20);
    let err = MemoryOutputPipe::new(1 << 20);
    let ctx = wasi_ctx(args, preopens, Some(out.clone()), Some(err.clone()))?.build_p1();
    let mut linker: Linker<wasmtime_wasi::p1::WasiP1Ctx> = Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s| s)?;
    let mut store = Store::new(engine, ctx);
    let instance = linker.instantiate(&mut store, module)?;
    let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => return Err(e.context("the command trapped")),
        },
    };
    drop(store);
    Ok(CommandOutput { code, stdout: out.contents().to_vec(), stderr: err.contents().to_vec() })
}

/// An engine that optimises the compiled code (the example and the benchmark).
pub fn engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    Engine::new(&config)
}

/// An engine that compiles fast and optimises nothing (the tests: compiling
/// the 1–2 MB modules dominates their run time, the scans are small).
pub fn test_engine() -> wasmtime::Result<Engine> {
    let mut config = Config::new();
    config.wasm_component_model(true);
    config.cranelift_opt_level(wasmtime::OptLevel::None);
    Engine::new(&config)
}

/// The per-store state of a component instance: its WASI context.
pub struct HostState {
    ctx: WasiCtx,
    table: ResourceTable,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.ctx, table: &mut self.table }
    }
}

/// A loaded instance of the Airlock component.
pub struct Plugin {
    store: Store<HostState>,
    bindings: Airlock,
}

impl Plugin {
    /// Instantiates the component with the given preopened directories.
    pub fn new(engine: &Engine, component: &Component, preopens: &[Preopen]) -> wasmtime::Result<Self> {
        let ctx = wasi_ctx(&["airlock".to_string()], preopens, None, None)?.build();
        let mut linker = ComponentLinker::new(engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        let mut store = Store::new(engine, HostState { ctx, table: ResourceTable::new() });
        let bindings = Airlock::instantiate(&mut store, component, &linker)?;
        Ok(Self { store, bindings })
    }

    /// Reads a component from a file.
    pub fn load_component(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
        Component::from_file(engine, path).with_context(|| format!("{}: cannot load the component", path.display()))
    }

    /// `snapshot.load(input)`: the outer error is a trap, the inner one the
    /// component's `scan-error`.
    pub fn load_snapshot(&mut self, input: &Input) -> wasmtime::Result<Result<ResourceAny, ScanError>> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.snapshot().call_load(&mut self.store, input)
    }

    /// `snapshot.describe()`.
    pub fn describe_snapshot(&mut self, snapshot: ResourceAny) -> wasmtime::Result<String> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.snapshot().call_describe(&mut self.store, snapshot)
    }

    /// A new `upload` (spooled to `spool_dir` in the guest when given).
    pub fn new_upload(&mut self, spool_dir: Option<&str>) -> wasmtime::Result<ResourceAny> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.upload().call_constructor(&mut self.store, spool_dir)
    }

    /// `upload.write(chunk)`.
    pub fn write_upload(&mut self, upload: ResourceAny, chunk: &[u8]) -> wasmtime::Result<Result<u64, ScanError>> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.upload().call_write(&mut self.store, upload, chunk)
    }

    /// Writes all of `bytes` to a new upload in chunks of `chunk` bytes.
    pub fn upload(
        &mut self,
        bytes: &[u8],
        chunk: usize,
        spool_dir: Option<&str>,
    ) -> wasmtime::Result<Result<ResourceAny, ScanError>> {
        let upload = self.new_upload(spool_dir)?;
        for piece in bytes.chunks(chunk.max(1)) {
            if let Err(e) = self.write_upload(upload, piece)? {
                return Ok(Err(e));
            }
        }
        Ok(Ok(upload))
    }

    /// `scan-image(db, image, options)`.
    pub fn scan_image(
        &mut self,
        db: ResourceAny,
        image: &Input,
        options: &ScanOptions,
    ) -> wasmtime::Result<Result<Report, ScanError>> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.call_scan_image(&mut self.store, db, image, options)
    }

    /// `scan-sbom(db, sbom, options)`.
    pub fn scan_sbom(
        &mut self,
        db: ResourceAny,
        sbom: &Input,
        options: &ScanOptions,
    ) -> wasmtime::Result<Result<Report, ScanError>> {
        let guest = self.bindings.airlock_scanner_scanner();
        guest.call_scan_sbom(&mut self.store, db, sbom, options)
    }
}
