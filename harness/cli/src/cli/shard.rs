//! Flag values of sharding and linting: `--partition`, `--shard`, `--code`, and the shard a job
//! runs, from the flags, the CI's variables and the config.

use exemplar_core::Code;
use exemplar_run::config::{Env, Layer};
use exemplar_run::{Partition, PartitionSpec};

use super::PartitionArgs;

/// `--partition` and `--shard`: `hash:K/N`, `K/N` or `auto`.
pub(super) fn spec(text: &str) -> Result<PartitionSpec, String> {
    PartitionSpec::parse(text).map_err(|e| e.to_string())
}

/// `lint --code`: one of the codes of the README's table.
pub(super) fn code(text: &str) -> Result<Code, String> {
    let text = text.trim();
    Code::ALL
        .into_iter()
        .find(|c| c.as_str() == text)
        .ok_or_else(|| {
            let close = Code::ALL
                .into_iter()
                .filter(|c| c.as_str().contains(text) || text.contains(c.as_str()))
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>();
            let hint = if close.is_empty() {
                "; `exemplar lint` names each finding's code in brackets".to_owned()
            } else {
                format!("; did you mean {}?", close.join(" or "))
            };
            format!("no lint code `{text}`{hint}")
        })
}

/// The shard this job runs, if any: `--partition`/`--shard`, with `auto` read from `env` and
/// its total from `--partition-total`, else the layers (config file, environment).
pub(super) fn resolve(
    args: &PartitionArgs,
    env: &Env,
    layers: &[Layer],
) -> anyhow::Result<Option<Partition>> {
    let Some(spec) = args.partition.or(args.shard) else {
        return Ok(None);
    };
    let total = args
        .partition_total
        .or_else(|| layers.iter().rev().find_map(|l| l.partition_total));
    Ok(Some(spec.resolve(env, total)?))
}
