//! git's commit-graph, read for its changed-path Bloom filters.
//!
//! `git commit-graph write --changed-paths` keeps, for each commit, a Bloom
//! filter of the paths it changed against its first parent (every changed
//! file and the folders above it). A filter answers "maybe changed" or
//! "definitely not changed"; libgit2 reads the graph for parents but not the
//! filters, so they are read here, as git's documentation describes them
//! (gitformat-commit-graph: the OIDF, OIDL, CDAT, BIDX and BDAT chunks, one
//! file `objects/info/commit-graph` or a chain of them in
//! `objects/info/commit-graphs/`; the filters' keys are git's seeded
//! murmur3 hashes, version 1 or 2).
//!
//! Like git, the graph is trusted when it reads: its structure is checked
//! (signature, chunk table, fanout, sorted ids, filter offsets) and a graph
//! that fails is not used at all, so a damaged or missing graph only means
//! the history is read without it. A commit the graph does not hold (newer
//! than it) is simply read.

use std::path::Path;

use git2::Oid;

/// The seeds of the two hashes a key's bit positions come from (git's
/// `fill_bloom_key`).
const SEED0: u32 = 0x293a_e76f;
const SEED1: u32 = 0x7e64_6e2c;
/// A parent position that means "no parent".
const NO_PARENT: u32 = 0x7000_0000;
/// The length of an object id (SHA-1; a SHA-256 graph is not read).
const ID: usize = 20;
/// The length of one commit's CDAT entry.
const CDAT_ENTRY: usize = ID + 16;

/// git's murmur3 (32-bit, x86) with a seed. Version 2 reads the bytes as
/// unsigned, as murmur3 is defined; version 1 as C's signed `char`, as git
/// first wrote it (they differ only for bytes of 0x80 and above).
pub fn murmur3(version: u32, seed: u32, data: &[u8]) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let byte = |b: u8| -> u32 {
        if version == 1 {
            b as i8 as i32 as u32
        } else {
            u32::from(b)
        }
    };
    let mut hash = seed;
    let blocks = data.chunks_exact(4);
    let tail = blocks.remainder();
    for block in blocks {
        let mut k =
            byte(block[0]) | byte(block[1]) << 8 | byte(block[2]) << 16 | byte(block[3]) << 24;
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        hash ^= k;
        hash = hash
            .rotate_left(13)
            .wrapping_mul(5)
            .wrapping_add(0xe654_6b64);
    }
    if !tail.is_empty() {
        let mut k = 0u32;
        for (at, b) in tail.iter().enumerate().rev() {
            k ^= byte(*b) << (8 * at);
        }
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        hash ^= k;
    }
    hash ^= data.len() as u32;
    hash ^= hash >> 16;
    hash = hash.wrapping_mul(0x85eb_ca6b);
    hash ^= hash >> 13;
    hash = hash.wrapping_mul(0xc2b2_ae35);
    hash ^= hash >> 16;
    hash
}

/// How a layer's filters were made (the BDAT chunk's header).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BloomSettings {
    /// The hash version (1 or 2).
    pub version: u32,
    /// How many bit positions a key sets.
    pub hashes: u32,
}

/// Whether a Bloom filter (its bytes) may hold `path` (a path in the
/// repository, folders separated by `/`, no leading or trailing `/`): false
/// means the path is definitely not in it. An empty filter knows nothing
/// (git: "not computed"), so it may hold anything.
pub fn filter_may_hold(filter: &[u8], settings: BloomSettings, path: &[u8]) -> bool {
    let bits = filter.len() as u64 * 8;
    if bits == 0 {
        return true;
    }
    let hash0 = murmur3(settings.version, SEED0, path);
    let hash1 = murmur3(settings.version, SEED1, path);
    (0..settings.hashes).all(|i| {
        let position = u64::from(hash0.wrapping_add(i.wrapping_mul(hash1))) % bits;
        filter[(position / 8) as usize] & (1 << (position % 8)) != 0
    })
}

/// One file of the graph.
struct Layer {
    data: Vec<u8>,
    /// Commits in the layers before this one.
    base: u32,
    count: u32,
    fanout: usize,
    ids: usize,
    cdat: usize,
    /// The BIDX chunk, the BDAT filter data (after its header) and how the
    /// filters were made, when the layer has filters.
    filters: Option<(usize, usize, usize, BloomSettings)>,
}

/// What the graph says of one commit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphCommit {
    /// Its position in the graph.
    position: u32,
    /// Its root tree.
    pub tree: Oid,
    /// Its first parent's position, when it has one.
    first_parent: Option<u32>,
    /// Whether it has more than one parent.
    pub merge: bool,
}

/// A repository's commit-graph with its changed-path filters.
pub struct CommitGraph {
    /// The layers, the base first.
    layers: Vec<Layer>,
}

impl CommitGraph {
    /// The graph of the repository whose git folder is `git_dir`, when it
    /// has one that reads whole and holds changed-path filters, and git's
    /// settings let it be used (`core.commitGraph`,
    /// `commitGraph.readChangedPaths`).
    pub fn open(repo: &git2::Repository) -> Option<CommitGraph> {
        let config = repo.config().ok()?;
        let allowed = |name: &str| config.get_bool(name).unwrap_or(true);
        if !allowed("core.commitGraph") || !allowed("commitGraph.readChangedPaths") {
            return None;
        }
        let graph = CommitGraph::read(&repo.commondir().join("objects").join("info"))?;
        graph
            .layers
            .iter()
            .any(|layer| layer.filters.is_some())
            .then_some(graph)
    }

    /// The graph in an objects/info folder: the one file, else the chain.
    pub fn read(info: &Path) -> Option<CommitGraph> {
        if let Ok(data) = std::fs::read(info.join("commit-graph")) {
            let layer = Layer::parse(data, 0, 0)?;
            return Some(CommitGraph {
                layers: vec![layer],
            });
        }
        let folder = info.join("commit-graphs");
        let chain = std::fs::read_to_string(folder.join("commit-graph-chain")).ok()?;
        let mut layers: Vec<Layer> = Vec::new();
        let mut base = 0u32;
        for name in chain.lines().map(str::trim).filter(|line| !line.is_empty()) {
            if name.len() != 2 * ID || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let data = std::fs::read(folder.join(format!("graph-{name}.graph"))).ok()?;
            let layer = Layer::parse(data, base, layers.len())?;
            base = base.checked_add(layer.count)?;
            layers.push(layer);
        }
        (!layers.is_empty()).then_some(CommitGraph { layers })
    }

    /// What the graph holds of the commit `id`, when it holds it.
    pub fn commit(&self, id: Oid) -> Option<GraphCommit> {
        let key = id.as_bytes();
        self.layers.iter().rev().find_map(|layer| {
            let at = layer.find(key)?;
            self.entry(layer.base + at)
        })
    }

    /// The layer and index within it of a position.
    fn layer_of(&self, position: u32) -> Option<(&Layer, usize)> {
        let layer = self
            .layers
            .iter()
            .find(|layer| position >= layer.base && position - layer.base < layer.count)?;
        Some((layer, (position - layer.base) as usize))
    }

    /// The commit at a position.
    fn entry(&self, position: u32) -> Option<GraphCommit> {
        let (layer, index) = self.layer_of(position)?;
        let at = layer.cdat + index * CDAT_ENTRY;
        let bytes = layer.data.get(at..at + CDAT_ENTRY)?;
        let tree = Oid::from_bytes(&bytes[..ID]).ok()?;
        let first = u32::from_be_bytes(bytes[ID..ID + 4].try_into().ok()?);
        let second = u32::from_be_bytes(bytes[ID + 4..ID + 8].try_into().ok()?);
        let first_parent = (first != NO_PARENT).then_some(first);
        Some(GraphCommit {
            position,
            tree,
            first_parent,
            merge: second != NO_PARENT,
        })
    }

    /// The tree of `commit`'s first parent, when it has one the graph holds.
    pub fn first_parent_tree(&self, commit: &GraphCommit) -> Option<Oid> {
        Some(self.entry(commit.first_parent?)?.tree)
    }

    /// Whether `commit` may have changed `path` against its first parent:
    /// Some(false) when its filter says definitely not, Some(true) when it
    /// says maybe, None when the graph has no filter for it.
    pub fn may_have_changed(&self, commit: &GraphCommit, path: &str) -> Option<bool> {
        let (layer, index) = self.layer_of(commit.position)?;
        let filter = layer.filter(index)?;
        let (_, _, _, settings) = layer.filters?;
        Some(filter_may_hold(filter, settings, path.as_bytes()))
    }

    /// The one parent of the commit `id` when the commit certainly left
    /// `path` as that parent had it: it has exactly one parent and its
    /// filter says the path is definitely not changed. None whenever the
    /// graph cannot tell.
    pub fn unchanged_from(&self, id: Oid, path: &str) -> Option<Oid> {
        let commit = self.commit(id)?;
        if commit.merge || self.may_have_changed(&commit, path) != Some(false) {
            return None;
        }
        self.id_at(commit.first_parent?)
    }

    /// The commit date (seconds), the generation (topological level: more
    /// than every parent's) and the parents of the commit `id`, when the
    /// graph holds it (None for an octopus merge: then read the commit).
    pub fn walk_entry(&self, id: Oid) -> Option<(i64, u32, Vec<Oid>)> {
        let commit = self.commit(id)?;
        let (layer, index) = self.layer_of(commit.position)?;
        let at = layer.cdat + index * CDAT_ENTRY + ID;
        let bytes = layer.data.get(at..at + 16)?;
        let second = u32::from_be_bytes(bytes[4..8].try_into().ok()?);
        if second != NO_PARENT && second & 0x8000_0000 != 0 {
            return None;
        }
        let word = u64::from_be_bytes(bytes[8..16].try_into().ok()?);
        let time = (word & ((1 << 34) - 1)) as i64;
        let generation = (word >> 34) as u32;
        let mut parents = Vec::with_capacity(2);
        for position in [commit.first_parent, (second != NO_PARENT).then_some(second)]
            .into_iter()
            .flatten()
        {
            parents.push(self.id_at(position)?);
        }
        Some((time, generation, parents))
    }

    /// The id of the commit at a position.
    fn id_at(&self, position: u32) -> Option<Oid> {
        let (layer, index) = self.layer_of(position)?;
        let at = layer.ids + index * ID;
        Oid::from_bytes(layer.data.get(at..at + ID)?).ok()
    }

    /// Whether the commit `id` certainly is no decision on the plan whose
    /// file is `plan_path` (`plans/<id>.json`), without reading its
    /// message: it has one parent, its filter says it did not change the
    /// plan's file, and it changed some file in the plans folder. A decision
    /// changes only the plan it names (`verify` refuses one that changes
    /// another), or none (`report --record`, or an attachment beside the
    /// plans): a commit that changes no plan is read. A filter can say only
    /// "maybe" of the folder, so `plans_differ` (given the commit's and its
    /// parent's root trees) says whether it did.
    pub fn certainly_not_on(
        &self,
        id: Oid,
        plan_path: &str,
        plans_differ: impl FnOnce(Oid, Oid) -> bool,
    ) -> bool {
        let Some(commit) = self.commit(id) else {
            return false;
        };
        let parent_tree = self.first_parent_tree(&commit);
        let Some(parent_tree) = parent_tree.filter(|tree| !commit.merge && *tree != commit.tree)
        else {
            return false;
        };
        self.may_have_changed(&commit, plan_path) == Some(false)
            && self.may_have_changed(&commit, crate::history::repo::PLANS_DIR) == Some(true)
            && plans_differ(commit.tree, parent_tree)
    }
}

impl Layer {
    /// A graph file, checked; `base` commits come before it in the chain,
    /// and it is the `depth`th file of the chain.
    fn parse(data: Vec<u8>, base: u32, depth: usize) -> Option<Layer> {
        let size = data.len().checked_sub(ID)?;
        if data.get(..4)? != b"CGPH" || data[4] != 1 || data[5] != 1 {
            return None;
        }
        let chunks = usize::from(data[6]);
        if usize::from(data[7]) != depth {
            return None;
        }
        let read_u32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
        };
        let read_u64 = |at: usize| -> Option<u64> {
            Some(u64::from_be_bytes(data.get(at..at + 8)?.try_into().ok()?))
        };
        let table = 8;
        let mut found: Vec<(u32, usize, usize)> = Vec::with_capacity(chunks);
        for n in 0..chunks {
            let id = read_u32(table + 12 * n)?;
            let start = usize::try_from(read_u64(table + 12 * n + 4)?).ok()?;
            let end = usize::try_from(read_u64(table + 12 * (n + 1) + 4)?).ok()?;
            if id == 0 || start < table + 12 * (chunks + 1) || start > end || end > size {
                return None;
            }
            found.push((id, start, end));
        }
        if read_u32(table + 12 * chunks)? != 0 {
            return None;
        }
        let chunk = |name: &[u8; 4]| {
            let id = u32::from_be_bytes(*name);
            found
                .iter()
                .find(|(found, _, _)| *found == id)
                .map(|(_, start, end)| (*start, *end))
        };
        let (fanout, fanout_end) = chunk(b"OIDF")?;
        if fanout_end - fanout != 256 * 4 {
            return None;
        }
        let mut last = 0;
        for n in 0..256 {
            let value = read_u32(fanout + 4 * n)?;
            if value < last {
                return None;
            }
            last = value;
        }
        let count = last;
        let total = count as usize;
        let (ids, ids_end) = chunk(b"OIDL")?;
        let (cdat, cdat_end) = chunk(b"CDAT")?;
        if ids_end - ids != total * ID || cdat_end - cdat != total * CDAT_ENTRY {
            return None;
        }
        if (1..total).any(|n| {
            data[ids + (n - 1) * ID..ids + n * ID] >= data[ids + n * ID..ids + (n + 1) * ID]
        }) {
            return None;
        }
        // Parents point into this file or the ones before it.
        let positions = u64::from(base) + u64::from(count);
        for n in 0..total {
            let first = read_u32(cdat + n * CDAT_ENTRY + ID)?;
            if first != NO_PARENT && u64::from(first) >= positions {
                return None;
            }
        }
        base.checked_add(count)?;
        let filters = match (chunk(b"BIDX"), chunk(b"BDAT")) {
            (Some((index, index_end)), Some((bdat, bdat_end))) => {
                let header = 12;
                let version = read_u32(bdat)?;
                let hashes = read_u32(bdat + 4)?;
                let length = (bdat_end - bdat).checked_sub(header)?;
                let usable = matches!(version, 1 | 2) && (1..=32).contains(&hashes);
                let mut end = 0;
                let mut ordered = index_end - index == total * 4;
                for n in 0..total.min((index_end - index) / 4) {
                    let value = read_u32(index + 4 * n)? as usize;
                    ordered &= value >= end && value <= length;
                    end = value;
                }
                if !ordered {
                    return None;
                }
                usable.then_some((
                    index,
                    bdat + header,
                    length,
                    BloomSettings { version, hashes },
                ))
            }
            _ => None,
        };
        Some(Layer {
            data,
            base,
            count,
            fanout,
            ids,
            cdat,
            filters,
        })
    }

    /// The index of the commit `key` in this file.
    fn find(&self, key: &[u8]) -> Option<u32> {
        let first = usize::from(*key.first()?);
        let bound = |n: usize| -> usize {
            let at = self.fanout + 4 * n;
            self.data
                .get(at..at + 4)
                .and_then(|bytes| bytes.try_into().ok())
                .map_or(0, |bytes| u32::from_be_bytes(bytes) as usize)
        };
        let (mut low, mut high) = (if first == 0 { 0 } else { bound(first - 1) }, bound(first));
        while low < high {
            let middle = (low + high) / 2;
            let at = self.ids + middle * ID;
            let here = self.data.get(at..at + ID)?;
            match here.cmp(key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return u32::try_from(middle).ok(),
            }
        }
        None
    }

    /// The filter bytes of the commit at `index`.
    fn filter(&self, index: usize) -> Option<&[u8]> {
        let (bidx, bdat, length, _) = self.filters?;
        let read = |n: usize| -> Option<usize> {
            let at = bidx + 4 * n;
            Some(u32::from_be_bytes(self.data.get(at..at + 4)?.try_into().ok()?) as usize)
        };
        let end = read(index)?;
        let start = if index == 0 { 0 } else { read(index - 1)? };
        if start > end || end > length {
            return None;
        }
        self.data.get(bdat + start..bdat + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_gives_the_published_values() {
        // The reference implementation's test values (MurmurHash3_x86_32).
        assert_eq!(murmur3(2, 0, b""), 0);
        assert_eq!(murmur3(2, 1, b""), 0x514e_28b7);
        assert_eq!(murmur3(2, 0xffff_ffff, b""), 0x81f1_6f39);
        assert_eq!(murmur3(2, 0, b"test"), 0xba6b_d213);
        assert_eq!(murmur3(2, 0x9747_b28c, b"test"), 0x704b_81dc);
        assert_eq!(murmur3(2, 0x9747_b28c, b"Hello, world!"), 0x2488_4cba);
        assert_eq!(
            murmur3(
                2,
                0x9747_b28c,
                b"The quick brown fox jumps over the lazy dog"
            ),
            0x2fa8_26cd
        );
        assert_eq!(murmur3(2, 0, &[0x21, 0x43, 0x65, 0x87]), 0xf55b_516b);
        assert_eq!(murmur3(2, 0, &[0x21, 0x43, 0x65]), 0x7e4a_8634);
        assert_eq!(murmur3(2, 0, &[0x21, 0x43]), 0xa0f7_b07a);
        assert_eq!(murmur3(2, 0, &[0x21]), 0x7266_1cf4);
    }

    #[test]
    fn murmur3_version_1_differs_only_for_high_bytes() {
        for text in [&b"plans/arbejdsplads-1.json"[..], b"plans", b"abc"] {
            assert_eq!(murmur3(1, SEED0, text), murmur3(2, SEED0, text));
        }
        // Bytes of 0x80 and above are read as negative numbers by version 1
        // (which filters git made read back is tested against git itself).
        let high = b"plans/s\xc3\xb8.json";
        assert_ne!(murmur3(1, SEED0, high), murmur3(2, SEED0, high));
    }

    #[test]
    fn an_empty_filter_may_hold_anything_and_a_zero_filter_nothing() {
        let settings = BloomSettings {
            version: 2,
            hashes: 7,
        };
        assert!(filter_may_hold(&[], settings, b"plans"));
        assert!(!filter_may_hold(&[0; 8], settings, b"plans"));
        assert!(filter_may_hold(&[0xff], settings, b"plans"));
    }

    #[test]
    fn a_damaged_graph_is_not_read() {
        let dir = tempfile::tempdir().expect("a folder");
        for junk in [&b""[..], b"CGPH", b"CGPH\x01\x01\x09\x00", &[0u8; 4096][..]] {
            std::fs::write(dir.path().join("commit-graph"), junk).expect("written");
            assert!(CommitGraph::read(dir.path()).is_none());
        }
    }
}
