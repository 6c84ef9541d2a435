//! `nkport completions SHELL` and `nkport man`: shell completions and a man
//! page, generated from the same definitions as `--help`.

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `completions`.
#[derive(Debug, clap::Args, Clone)]
#[command(after_help = r#"Examples:
  nkport completions bash > nkport.bash
  nkport completions zsh > _nkport"#)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Prints the completion script for `cli`.
pub fn run(a: &Args, mut cli: clap::Command) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut cli, "nkport", &mut out);
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page of `cli`.
pub fn man(cli: clap::Command) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cli).render(&mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
