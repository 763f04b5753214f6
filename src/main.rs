//! `convene`: parses the command line and hands it to `convene::cli`.

use clap::Parser;
use convene::cli::{Cli, run};
use convene::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    tune_malloc();
    actix_web::rt::System::new().block_on(convene_main())
}

/// Two settings of glibc's allocator, made before any thread starts; the same variables in the
/// environment (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) still decide if given.
///
/// Arenas: glibc gives each thread that allocates under contention an arena of its own, up to
/// eight per core, and an arena keeps what it freed. Serving search over a million posts, that
/// held 85 MB of heap where two arenas hold 49 MB at the same throughput (docs/performance.md).
///
/// Large blocks: glibc maps a block of 128 KiB or more on its own and unmaps it when freed, but
/// after the first such free it raises that threshold to the block's size (up to 32 MiB), so
/// later blocks of that size come from the arenas, which keep them. Each password hash fills a
/// 19 MiB block: under a soak's sign-ins the heap stayed near 200 MB long after the hashes
/// ended. A fixed threshold of 4 MiB gives those blocks back as soon as a hash ends (the soak's
/// heap: 75-110 MB, docs/reliability.md); nothing else allocates that much at once often.
#[allow(unsafe_code)]
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            // SAFETY: mallopt only sets an allocator parameter; no other thread exists yet.
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, 2);
            }
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            // SAFETY: as above.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
            }
        }
    }
}

async fn convene_main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("convene: the configuration is not valid: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&config.log.level));
    // Colour codes only for a person at a terminal: in a file or a journal they are noise.
    let to_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(to_terminal);
    match config.log.format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().init(),
    }
    match run(cli, config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("convene: {error:#}");
            match error.downcast_ref::<convene::cli::ExitWith>() {
                Some(exit) => std::process::ExitCode::from(exit.code),
                None => std::process::ExitCode::FAILURE,
            }
        }
    }
}
