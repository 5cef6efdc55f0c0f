//! Reading git's raw tree data without parsing a whole tree: a file's id by
//! its name, and a byte search.

use git2::Oid;

/// Whether `needle` occurs in `haystack`.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, _)) = needle.split_first() else {
        return true;
    };
    haystack
        .iter()
        .enumerate()
        .filter(|(_, byte)| **byte == first)
        .any(|(at, _)| haystack[at..].starts_with(needle))
}

/// The id of the file (blob) `name` in raw tree data, when it is there.
/// Each entry is `<octal mode> <name>\0<20-byte id>`.
pub(crate) fn file_in_tree(mut data: &[u8], name: &[u8]) -> Option<Oid> {
    while !data.is_empty() {
        let space = data.iter().position(|&byte| byte == b' ')?;
        let mode = &data[..space];
        let rest = &data[space + 1..];
        let end = rest.iter().position(|&byte| byte == 0)?;
        let id = rest.get(end + 1..end + 21)?;
        if &rest[..end] == name {
            // Files (100644, 100755) and symbolic links (120000) are blobs;
            // folders (40000) and submodules (160000) are not.
            let blob = mode.first() == Some(&b'1') && mode != b"160000";
            return if blob { Oid::from_bytes(id).ok() } else { None };
        }
        data = &rest[end + 21..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_in_raw_trees() {
        let id = [7u8; 20];
        let mut data = Vec::new();
        for (mode, name) in [
            ("100644", "a.json"),
            ("40000", "b.json"),
            ("120000", "c.json"),
            ("160000", "d.json"),
            ("100755", "e.json"),
        ] {
            data.extend_from_slice(mode.as_bytes());
            data.push(b' ');
            data.extend_from_slice(name.as_bytes());
            data.push(0);
            data.extend_from_slice(&id);
        }
        let oid = Oid::from_bytes(&id).ok();
        assert_eq!(file_in_tree(&data, b"a.json"), oid);
        assert_eq!(file_in_tree(&data, b"b.json"), None);
        assert_eq!(file_in_tree(&data, b"c.json"), oid);
        assert_eq!(file_in_tree(&data, b"d.json"), None);
        assert_eq!(file_in_tree(&data, b"e.json"), oid);
        assert_eq!(file_in_tree(&data, b"a.jso"), None);
        assert_eq!(file_in_tree(&data, b"f.json"), None);
        assert_eq!(file_in_tree(&data[..data.len() - 3], b"e.json"), None);
    }
}
