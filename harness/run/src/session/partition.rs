//! Shards: which pages a job of a CI matrix runs (`--partition hash:K/N`, `--shard K/N`,
//! `--partition auto`). The unit is the page; a page belongs to the shard its key (the path
//! relative to the project root) hashes to, so adding a page moves no other page.
//!
//! Pure: the environment is handed in, and nothing is read or printed here.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::Path;

/// One shard of N: `index` from 1 to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// This shard, 1-based.
    pub index: u32,
    /// How many shards there are.
    pub total: u32,
}

/// A `--partition` as written, before the CI's variables are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionSpec {
    /// `hash:K/N` (or `--shard K/N`).
    Hash(Partition),
    /// `auto`: the CI's job index and total.
    Auto,
}

/// A `--partition` that cannot be used, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartitionError {
    /// Not `hash:K/N`, `K/N` or `auto`.
    #[error("`{0}` is not a partition: write `hash:K/N` (such as `hash:2/4`) or `auto`")]
    Syntax(String),
    /// K or N is 0, or K is above N.
    #[error("`{0}`: shards are numbered from 1 to N, so K must be at least 1 and at most N")]
    OutOfRange(String),
    /// `auto` found no CI job index.
    #[error(
        "--partition auto: no CI job index found; set CI_NODE_INDEX and CI_NODE_TOTAL (GitLab), \
         BUILDKITE_PARALLEL_JOB and BUILDKITE_PARALLEL_JOB_COUNT (Buildkite), CIRCLE_NODE_INDEX and \
         CIRCLE_NODE_TOTAL (CircleCI) or JOB_COMPLETION_INDEX (Kubernetes), or write `hash:K/N`"
    )]
    NoCi,
    /// A CI variable holds something that is not a job number.
    #[error("--partition auto: {name}={value:?} is not a whole number")]
    BadVariable {
        /// The variable.
        name: String,
        /// Its value.
        value: String,
    },
    /// The CI gives the index but not the total (a Kubernetes indexed job).
    #[error(
        "--partition auto: {index} is set but no total is known; give it with --partition-total N, \
         EXEMPLAR_PARTITION_TOTAL or `partition_total` in exemplar.toml"
    )]
    NoTotal {
        /// The index variable found.
        index: &'static str,
    },
    /// The CI's index is not below its total.
    #[error("--partition auto: {index} says job {value} but there are only {total} (from {from})")]
    IndexTooLarge {
        /// The index variable.
        index: &'static str,
        /// Its value, as the CI numbers it.
        value: u32,
        /// The total.
        total: u32,
        /// Where the total came from.
        from: String,
    },
}

/// The CI variables `auto` reads: index, total, and whether the index counts from 0.
const CIS: [(&str, Option<&str>, bool); 4] = [
    ("CI_NODE_INDEX", Some("CI_NODE_TOTAL"), false),
    (
        "BUILDKITE_PARALLEL_JOB",
        Some("BUILDKITE_PARALLEL_JOB_COUNT"),
        true,
    ),
    ("CIRCLE_NODE_INDEX", Some("CIRCLE_NODE_TOTAL"), true),
    ("JOB_COMPLETION_INDEX", None, true),
];

impl PartitionSpec {
    /// Reads `hash:K/N`, `K/N` (as `--shard` takes it) or `auto`.
    pub fn parse(text: &str) -> Result<PartitionSpec, PartitionError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("auto") {
            return Ok(PartitionSpec::Auto);
        }
        let shard = text.strip_prefix("hash:").unwrap_or(text);
        let syntax = || PartitionError::Syntax(text.to_owned());
        let (k, n) = shard.split_once('/').ok_or_else(syntax)?;
        let k: u32 = k.trim().parse().map_err(|_| syntax())?;
        let n: u32 = n.trim().parse().map_err(|_| syntax())?;
        if k == 0 || n == 0 || k > n {
            return Err(PartitionError::OutOfRange(text.to_owned()));
        }
        Ok(PartitionSpec::Hash(Partition { index: k, total: n }))
    }

    /// The shard this job runs: as written, or from the CI's variables in `env` (`total` is
    /// `--partition-total` or the config's, for a CI that gives only the index).
    pub fn resolve(
        self,
        env: &BTreeMap<String, String>,
        total: Option<u32>,
    ) -> Result<Partition, PartitionError> {
        match self {
            PartitionSpec::Hash(partition) => Ok(partition),
            PartitionSpec::Auto => from_ci(env, total),
        }
    }
}

fn from_ci(env: &BTreeMap<String, String>, flag: Option<u32>) -> Result<Partition, PartitionError> {
    let number = |name: &str| -> Result<Option<u32>, PartitionError> {
        match env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(value) => value
                .parse()
                .map(Some)
                .map_err(|_| PartitionError::BadVariable {
                    name: name.to_owned(),
                    value: value.to_owned(),
                }),
        }
    };
    for (index_name, total_name, zero_based) in CIS {
        let Some(value) = number(index_name)? else {
            continue;
        };
        let ci_total = total_name.map(number).transpose()?.flatten();
        let (total, from) = match (ci_total, flag) {
            (Some(total), _) => (total, total_name.unwrap_or_default().to_owned()),
            (None, Some(total)) => (total, "--partition-total".to_owned()),
            (None, None) => return Err(PartitionError::NoTotal { index: index_name }),
        };
        let index = if zero_based {
            value.checked_add(1)
        } else {
            Some(value)
        };
        return match index {
            Some(index) if index >= 1 && index <= total => Ok(Partition { index, total }),
            _ => Err(PartitionError::IndexTooLarge {
                index: index_name,
                value,
                total,
                from,
            }),
        };
    }
    Err(PartitionError::NoCi)
}

impl Partition {
    /// Whether the page with `key` (its path relative to the project root, without `.md`)
    /// belongs to this shard.
    pub fn includes(&self, key: &str) -> bool {
        shard_of(key, self.total) == self.index
    }
}

/// The key of the page at `path` as `--partition` hashes it (and snapshots are kept under): its
/// path relative to `root` (canonical), without `.md`; `shown` when it lies outside the root.
pub fn page_key_under(root: &Path, path: &Path, shown: &str) -> String {
    let relative = super::context::relative_to(root, path).unwrap_or_else(|| shown.to_owned());
    crate::snapshot::page_key(&relative)
}

/// Leaves `page` with no example selected when it belongs to another shard; says how many it
/// had (scenario `steps` aside). The page stays in the run (the built-in mock answers for every
/// page, as unsharded).
pub(crate) fn keep(
    partition: Option<Partition>,
    page: &mut super::context::Page,
    steps: &std::collections::HashSet<String>,
) -> usize {
    match partition {
        Some(partition) if !partition.includes(&page.key) => {
            let examples = &page.doc.examples;
            let is_step = |i: &usize| examples[*i].name().is_some_and(|n| steps.contains(n));
            let elsewhere = page.selected.iter().filter(|i| !is_step(i)).count();
            page.selected.clear();
            elsewhere
        }
        _ => 0,
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

/// The shard (1-based) of `total` that `key` falls in: FNV-1a of its bytes, a fixed function
/// (not std's randomly seeded hasher), so every job of a matrix agrees, on any machine and any
/// version; mixed once more so that keys differing only in their last characters spread well.
pub fn shard_of(key: &str, total: u32) -> u32 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(key.as_bytes());
    let mut h = hasher.finish();
    // The finaliser of MurmurHash3 (fmix64).
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (h % u64::from(total.max(1))) as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> BTreeMap<String, String> {
        vars.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn auto(vars: &[(&str, &str)], total: Option<u32>) -> Result<Partition, PartitionError> {
        PartitionSpec::Auto.resolve(&env(vars), total)
    }

    const fn shard(index: u32, total: u32) -> Partition {
        Partition { index, total }
    }

    #[test]
    fn specs_are_read_with_or_without_the_hash_prefix() {
        let two_of_four = PartitionSpec::Hash(shard(2, 4));
        assert_eq!(PartitionSpec::parse("hash:2/4"), Ok(two_of_four));
        assert_eq!(PartitionSpec::parse("2/4"), Ok(two_of_four));
        assert_eq!(PartitionSpec::parse("AUTO"), Ok(PartitionSpec::Auto));
        assert_eq!(
            PartitionSpec::parse("hash:5/4").unwrap_err().to_string(),
            "`hash:5/4`: shards are numbered from 1 to N, so K must be at least 1 and at most N"
        );
        assert!(matches!(
            PartitionSpec::parse("0/4"),
            Err(PartitionError::OutOfRange(_))
        ));
        assert!(matches!(
            PartitionSpec::parse("count:1/2"),
            Err(PartitionError::Syntax(_))
        ));
        assert!(matches!(
            PartitionSpec::parse("1/0"),
            Err(PartitionError::OutOfRange(_))
        ));
    }

    #[test]
    fn auto_reads_each_ci_and_counts_from_one() {
        let gitlab = [("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "4")];
        assert_eq!(auto(&gitlab, None), Ok(shard(2, 4)));
        let buildkite = [
            ("BUILDKITE_PARALLEL_JOB", "0"),
            ("BUILDKITE_PARALLEL_JOB_COUNT", "3"),
        ];
        assert_eq!(auto(&buildkite, None), Ok(shard(1, 3)));
        let circle = [("CIRCLE_NODE_INDEX", "4"), ("CIRCLE_NODE_TOTAL", "5")];
        assert_eq!(auto(&circle, None), Ok(shard(5, 5)));
        let kubernetes = [("JOB_COMPLETION_INDEX", "7")];
        assert_eq!(auto(&kubernetes, Some(8)), Ok(shard(8, 8)));
    }

    #[test]
    fn auto_says_what_is_missing_or_wrong() {
        assert_eq!(auto(&[], None), Err(PartitionError::NoCi));
        let kubernetes = [("JOB_COMPLETION_INDEX", "0")];
        assert_eq!(
            auto(&kubernetes, None).unwrap_err().to_string(),
            "--partition auto: JOB_COMPLETION_INDEX is set but no total is known; give it with \
             --partition-total N, EXEMPLAR_PARTITION_TOTAL or `partition_total` in exemplar.toml"
        );
        let past = [("CIRCLE_NODE_INDEX", "4"), ("CIRCLE_NODE_TOTAL", "4")];
        assert!(matches!(
            auto(&past, None),
            Err(PartitionError::IndexTooLarge { value: 4, .. })
        ));
        let gitlab_zero = [("CI_NODE_INDEX", "0"), ("CI_NODE_TOTAL", "4")];
        assert!(auto(&gitlab_zero, None).is_err());
        let word = [("CI_NODE_INDEX", "two"), ("CI_NODE_TOTAL", "4")];
        assert_eq!(
            auto(&word, None).unwrap_err().to_string(),
            "--partition auto: CI_NODE_INDEX=\"two\" is not a whole number"
        );
        // The CI's own total wins over the flag's.
        assert_eq!(
            auto(&[("CI_NODE_INDEX", "1"), ("CI_NODE_TOTAL", "2")], Some(9)),
            Ok(shard(1, 2))
        );
    }

    #[test]
    fn every_key_falls_in_exactly_one_shard_and_stays_there() {
        let keys: Vec<String> = (0..200).map(|i| format!("v1.0/api/page-{i}")).collect();
        for total in 1..=8 {
            let mut counts = vec![0; total as usize];
            for key in &keys {
                let owners: Vec<u32> = (1..=total)
                    .filter(|&index| shard(index, total).includes(key))
                    .collect();
                assert_eq!(owners.len(), 1, "{key} in {owners:?} of {total}");
                counts[owners[0] as usize - 1] += 1;
            }
            // Roughly even: no shard holds twice its share.
            let share = keys.len() / total as usize;
            assert!(counts.iter().all(|&c| c <= 2 * share), "{counts:?}");
        }
        // Fixed across runs, machines and versions (a job of the matrix on another runner
        // must agree): pinned values, computed apart from this code.
        assert_eq!(shard_of("v1.0/api/user-get", 4), 1);
        assert_eq!(shard_of("v1.0/api/user-get", 7), 2);
        assert_eq!(shard_of("v1.0/api/group-list", 4), 3);
        assert_eq!(shard_of("v1.0/api/group-list", 7), 4);
        assert_eq!(shard_of("beta/api/drive-get", 4), 4);
        assert_eq!(shard_of("anything", 1), 1);
    }
}
