//! The floor for `validate`: only read every plan file and parse it into a
//! `serde_json::Value`, on every core as `validate` does, and nothing else.
//!
//! ```text
//! cargo bench --bench parse_only -- DIR     # reads DIR/plans/*.json
//! ```
//!
//! Prints how many files it parsed and how many bytes; exits 1 when a file
//! could not be read or parsed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `cargo bench` passes `--bench` to every bench target.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench parse_only -- DIR   (reads DIR/plans/*.json)");
        return ExitCode::from(2);
    };
    let files = match plan_files(&Path::new(dir).join("plans")) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("parse_only: {message}");
            return ExitCode::from(1);
        }
    };
    let results = on_every_core(&files);
    let mut bytes = 0;
    let mut failed = 0;
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(size) => bytes += size,
            Err(message) => {
                eprintln!("parse_only: {}: {message}", file.display());
                failed += 1;
            }
        }
    }
    println!("parsed {} files, {bytes} bytes", files.len() - failed);
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The `.json` files in `dir`, sorted (as `validate` lists them).
fn plan_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json") && path.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// Reads a file as text and parses it; returns its size.
fn parse(path: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    std::hint::black_box(&value);
    Ok(text.len())
}

/// Parses every file, one contiguous share per core, keeping their order.
fn on_every_core(files: &[PathBuf]) -> Vec<Result<usize, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|p| parse(p)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
