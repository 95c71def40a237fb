//! The datasets of a store and the history of each: what `linkages versions` prints and the
//! API's `/datasets` answers.

use linkages_core::{DATASETS, Dataset};
use linkages_engine::{Store, VersionInfo};

use crate::Error;

/// A dataset and every committed version of it, oldest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct DatasetInfo {
    /// Dataset name (`trade`, …).
    pub name: &'static str,
    /// The linkage it measures.
    pub linkage: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Chinese title.
    pub title_zh: &'static str,
    /// The current version, `None` while the dataset is empty.
    pub current: Option<u32>,
    /// Every version's metadata.
    pub versions: Vec<VersionInfo>,
}

impl DatasetInfo {
    /// The history as a server shows it: each input file and quarantine report by its
    /// name only, never the machine's paths.
    pub fn without_paths(mut self) -> DatasetInfo {
        let name_only = |p: &std::path::Path| {
            p.file_name()
                .map(std::path::PathBuf::from)
                .unwrap_or_default()
        };
        for v in &mut self.versions {
            for s in &mut v.sources {
                s.path = name_only(&s.path);
            }
            v.quarantine = v.quarantine.as_deref().map(name_only);
        }
        self
    }
}

/// One dataset and its history.
pub fn describe(store: &Store, d: &'static Dataset) -> Result<DatasetInfo, Error> {
    let versions = store
        .versions(d)?
        .into_iter()
        .map(|v| store.info(d, v))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(DatasetInfo {
        name: d.name,
        linkage: d.linkage.code(),
        title_en: d.title_en,
        title_zh: d.title_zh,
        current: versions.last().map(|v| v.version),
        versions,
    })
}

/// Every dataset and its history.
pub fn all(store: &Store) -> Result<Vec<DatasetInfo>, Error> {
    DATASETS.iter().map(|d| describe(store, d)).collect()
}
