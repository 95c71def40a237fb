//! The answer cache: bounded in bytes (keys and bodies), oldest entries dropped first. Keys
//! are built from parsed, canonical requests, so junk parameters (refused before they reach
//! it) and spellings of one request cannot fill it.

use std::collections::{HashMap, VecDeque};

use crate::{Cached, Versions};

/// Answers by key, with the versions they were computed from.
pub(crate) struct Cache {
    /// Answers, each with the number of its insertion.
    entries: HashMap<String, (Versions, Cached, u64)>,
    /// Keys with the number of their insertion, oldest first: an entry replaced since is
    /// found by its newer number and left alone.
    order: VecDeque<(String, u64)>,
    inserted: u64,
    bytes: usize,
    capacity: usize,
}

impl Cache {
    /// An empty cache keeping at most `capacity` bytes.
    pub(crate) fn new(capacity: usize) -> Cache {
        Cache {
            entries: HashMap::new(),
            order: VecDeque::new(),
            inserted: 0,
            bytes: 0,
            capacity,
        }
    }

    /// The answer to `key` if it was computed from `versions`.
    pub(crate) fn get(&self, key: &str, versions: &Versions) -> Option<Cached> {
        self.entries
            .get(key)
            .filter(|(v, _, _)| v == versions)
            .map(|(_, c, _)| c.clone())
    }

    /// Keeps an answer, dropping the oldest ones to stay within the capacity. An answer
    /// larger than an eighth of it is not kept (a few large PDFs must not push out
    /// every page).
    pub(crate) fn insert(&mut self, key: String, versions: Versions, answer: Cached) {
        let size = key.len() + answer.body.len();
        if size > self.capacity / 8 {
            return;
        }
        self.remove(&key, None);
        while self.bytes + size > self.capacity {
            let Some((oldest, n)) = self.order.pop_front() else {
                break;
            };
            self.remove(&oldest, Some(n));
        }
        self.inserted += 1;
        self.bytes += size;
        self.order.push_back((key.clone(), self.inserted));
        self.entries.insert(key, (versions, answer, self.inserted));
        if self.order.len() > 2 * self.entries.len() + 64 {
            let live = &self.entries;
            self.order
                .retain(|(k, n)| live.get(k).is_some_and(|e| e.2 == *n));
        }
    }

    /// Removes an entry (only the insertion `n`, if given).
    fn remove(&mut self, key: &str, n: Option<u64>) {
        if self
            .entries
            .get(key)
            .is_some_and(|e| n.is_none_or(|n| e.2 == n))
            && let Some((_, c, _)) = self.entries.remove(key)
        {
            self.bytes -= key.len() + c.body.len();
        }
    }

    /// Bytes held.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(n: usize) -> Cached {
        Cached {
            body: vec![b'x'; n].into(),
            content_type: "text/plain",
        }
    }

    #[test]
    fn the_cache_stays_within_its_bytes() {
        let mut cache = Cache::new(8000);
        for i in 0..1000 {
            cache.insert(format!("key {i}"), vec![Some(1)], answer(500));
            assert!(cache.bytes() <= 8000);
        }
        assert!(cache.get("key 999", &vec![Some(1)]).is_some());
        assert!(cache.get("key 0", &vec![Some(1)]).is_none());
        assert!(cache.get("key 999", &vec![Some(2)]).is_none());
        // Replacing an entry does not count it twice.
        cache.insert("key 999".into(), vec![Some(2)], answer(500));
        assert!(cache.bytes() <= 8000);
        cache.insert("big".into(), vec![Some(1)], answer(2000));
        assert!(cache.get("big", &vec![Some(1)]).is_none());
    }
}
