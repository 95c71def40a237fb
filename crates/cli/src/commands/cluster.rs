//! `linkages scheduler` and `linkages executor`: the processes of a Ballista cluster that
//! runs Linkages' queries (`--cluster`).

use std::process::ExitCode;

use anyhow::Result;
use linkages_engine::cluster::{self, ExecutorOptions};

use crate::args::{ExecutorArgs, SchedulerArgs};

/// Runs a scheduler until the process is stopped.
pub async fn scheduler(args: SchedulerArgs) -> Result<ExitCode> {
    eprintln!("scheduler listening on df://{}", args.bind);
    cluster::scheduler(args.bind).await?;
    Ok(ExitCode::SUCCESS)
}

/// Runs an executor until the process is stopped.
pub async fn executor(args: ExecutorArgs) -> Result<ExitCode> {
    eprintln!(
        "executor on {}:{} (tasks {}), registering with {}",
        args.bind, args.port, args.grpc_port, args.scheduler
    );
    cluster::executor(ExecutorOptions {
        scheduler: args.scheduler,
        bind: args.bind,
        port: args.port,
        grpc_port: args.grpc_port,
        work_dir: args.work_dir,
        concurrent_tasks: args.concurrent_tasks,
    })
    .await?;
    Ok(ExitCode::SUCCESS)
}
