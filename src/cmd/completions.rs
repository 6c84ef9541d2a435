//! `nkport completions SHELL` and `nkport man`: shell completions and a man
//! page, generated from the same definitions as `--help`.

use anyhow::Context;
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

/// Prints the completion script for `cli`. The script is made in memory
/// first: `clap_complete` panics on a failed write, where a closed pipe
/// (`| head`) must end quietly and a full disk must be an error.
pub fn run(a: &Args, mut cli: clap::Command) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cli, "nkport", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .context("cannot write the completion script")?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page of `cli`.
pub fn man(cli: clap::Command) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cli).render(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)
        .and_then(|()| out.flush())
        .context("cannot write the man page")?;
    Ok(ExitCode::SUCCESS)
}
