//! `convene`: parses the command line and hands it to `convene::cli`.

use clap::Parser;
use convene::cli::{Cli, run};
use convene::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

fn main() -> std::process::ExitCode {
    limit_malloc_arenas();
    actix_web::rt::System::new().block_on(convene_main())
}

/// glibc gives each thread that allocates under contention an arena of its own, up to eight per
/// core, and an arena keeps what it freed. Serving search over a million posts, that held 85 MB
/// of heap where two arenas hold 49 MB at the same throughput (docs/performance.md). Set before
/// any thread starts; `MALLOC_ARENA_MAX` in the environment still decides if given.
#[allow(unsafe_code)]
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; no other thread exists yet.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
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
