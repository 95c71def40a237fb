//! `linkages brief`: the monthly brief in any of its formats.

use std::process::ExitCode;

use anyhow::Result;

use super::{Env, emit};
use crate::args::BriefArgs;

/// Writes the brief of a month, of the province or of a city.
pub async fn run(env: &Env, a: BriefArgs) -> Result<ExitCode> {
    let session = env.session(&a.reading).await?;
    let registered = linkages_report::Registered::read(&env.registry()?, a.period, a.city)?;
    let brief = linkages_report::build_with(&session, a.period, a.lang, a.city, registered).await?;
    let format = a.output.format;
    let bytes = linkages_report::render::write(&brief, format, &env.pdf).await?;
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    Ok(ExitCode::SUCCESS)
}
