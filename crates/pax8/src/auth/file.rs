//! An opt-in token cache in a file, done right where py-pax8 was not: `~` is
//! expanded, the file is written atomically with mode 0600, a corrupt or foreign file is
//! ignored and replaced, and tokens are kept per identity.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use paykit_core::BoxError;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

use super::cache::{CacheKey, CachedToken, TokenCache};
#[cfg(feature = "encryption")]
use super::seal::{CacheEncryptionKey, SealedToken, TokenSealer};

/// The file format's version tag.
const FORMAT: &str = "paykit-pax8-token-cache/1";
/// The encrypted file format's version tag.
#[cfg(feature = "encryption")]
const SEALED_FORMAT: &str = "paykit-pax8-token-cache/1+xchacha20poly1305";
/// A cache file larger than this is not ours: it is ignored.
const MAX_FILE: u64 = 1024 * 1024;

/// Tokens in a JSON file, by identity (client id + audience + token URL).
///
/// By default the token is stored **unencrypted**, readable only by the file's owner (mode
/// 0600 on Unix); use it so where that is acceptable (a developer machine, a CLI), not on
/// shared hosts. With the `encryption` feature, `FileTokenCache::encrypted` seals every
/// record with XChaCha20-Poly1305 under a key from the caller: the file then holds neither
/// the token nor the identity in clear, and a record that does not open with the key
/// (another key, changed bytes, a plaintext file) counts as absent and is replaced; a
/// plaintext token is never read back when encryption is on.
/// Writes go to a temporary file in the same directory that is then renamed over the old
/// one, so a reader never sees half a file. A file that cannot be read as this format
/// (corrupt, or py-pax8's `{token, expiry, default_headers}`) is ignored and replaced on the
/// next write; nothing fails because of it. The file is small and read and written with
/// blocking I/O.
#[derive(Debug)]
pub struct FileTokenCache {
    path: PathBuf,
    lock: Mutex<()>,
    #[cfg(feature = "encryption")]
    sealer: Option<TokenSealer>,
}

/// Tokens by identity (the [`CacheKey::to_key_string`]).
type Tokens = BTreeMap<String, CachedToken>;

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    format: String,
    tokens: Tokens,
}

/// The encrypted form: only sealed records, the identity inside each.
#[cfg(feature = "encryption")]
#[derive(Debug, Serialize, Deserialize)]
struct SealedFile {
    format: String,
    records: Vec<SealedToken>,
}

impl FileTokenCache {
    /// A cache in `path`; a leading `~/` is the user's home (`HOME`).
    pub fn new(path: impl AsRef<Path>) -> Self {
        FileTokenCache {
            path: expand_home(path.as_ref()),
            lock: Mutex::new(()),
            #[cfg(feature = "encryption")]
            sealer: None,
        }
    }

    /// Encrypts the file's records with `key` (feature `encryption`). Processes sharing
    /// the file must share the key; a file written without it, or with another key, is
    /// ignored and replaced.
    #[cfg(feature = "encryption")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encryption")))]
    pub fn encrypted(mut self, key: CacheEncryptionKey) -> Self {
        self.sealer = Some(TokenSealer::new(key));
        self
    }

    /// Whether the records are encrypted.
    pub fn is_encrypted(&self) -> bool {
        #[cfg(feature = "encryption")]
        {
            self.sealer.is_some()
        }
        #[cfg(not(feature = "encryption"))]
        {
            false
        }
    }

    /// A cache in `~/.paykit/pax8-token.json`.
    pub fn in_home() -> Self {
        Self::new("~/.paykit/pax8-token.json")
    }

    /// The file's path, `~` expanded.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's tokens; anything unreadable counts as no tokens.
    fn read(&self) -> Tokens {
        let readable = fs::metadata(&self.path).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE);
        let Some(bytes) = readable.then(|| fs::read(&self.path).ok()).flatten() else {
            return Tokens::new();
        };
        #[cfg(feature = "encryption")]
        if let Some(sealer) = &self.sealer {
            return self.read_sealed(sealer, &bytes);
        }
        let parsed = serde_json::from_slice::<CacheFile>(&bytes)
            .ok()
            .filter(|file| file.format == FORMAT);
        match parsed {
            Some(file) => file.tokens,
            None => {
                self.ignoring("not a token cache file of this format");
                Tokens::new()
            }
        }
    }

    /// The tokens of an encrypted file: the records that open with the key.
    #[cfg(feature = "encryption")]
    fn read_sealed(&self, sealer: &TokenSealer, bytes: &[u8]) -> Tokens {
        let parsed = serde_json::from_slice::<SealedFile>(bytes)
            .ok()
            .filter(|file| file.format == SEALED_FORMAT);
        let Some(file) = parsed else {
            self.ignoring("not an encrypted token cache file");
            return Tokens::new();
        };
        let total = file.records.len();
        let tokens: Tokens = file
            .records
            .iter()
            .filter_map(|record| sealer.open_any(record))
            .collect();
        if tokens.len() < total {
            self.ignoring("records that this key cannot open");
        }
        tokens
    }

    fn ignoring(&self, why: &str) {
        tracing::warn!(path = %self.path.display(), why, "ignoring (part of) the pax8 token cache file");
    }

    /// The file's bytes for `tokens`.
    fn encode(&self, tokens: Tokens) -> Result<Vec<u8>, BoxError> {
        #[cfg(feature = "encryption")]
        if let Some(sealer) = &self.sealer {
            let records = tokens
                .into_iter()
                .map(|(identity, token)| sealer.seal_as(identity, &token))
                .collect::<Result<_, _>>()?;
            let file = SealedFile {
                format: SEALED_FORMAT.to_owned(),
                records,
            };
            return Ok(serde_json::to_vec_pretty(&file)?);
        }
        let file = CacheFile {
            format: FORMAT.to_owned(),
            tokens,
        };
        Ok(serde_json::to_vec_pretty(&file)?)
    }

    /// Writes the tokens atomically: a 0600 temporary file in the same directory, renamed.
    fn write(&self, mut tokens: Tokens) -> Result<(), BoxError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        tokens.retain(|_, token| token.expires_at > now);
        let bytes = self.encode(tokens)?;
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        create_private_dir(&dir)?;
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "pax8-token.json".to_owned());
        let temp = dir.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            fastrand::u64(..)
        ));
        let result = write_private(&temp, &bytes).and_then(|()| fs::rename(&temp, &self.path));
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        Ok(result?)
    }
}

/// Creates `path` with only `bytes` in it, readable and writable by the owner only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        // The umask cannot widen 0600, but make the mode exact whatever it is.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// `~` or `~/rest` → `$HOME` or `$HOME/rest`; anything else as it is.
pub(crate) fn expand_home(path: &Path) -> PathBuf {
    let Some(text) = path.to_str() else {
        return path.to_owned();
    };
    let home = || std::env::var_os("HOME").filter(|h| !h.is_empty());
    if text == "~" {
        if let Some(home) = home() {
            return PathBuf::from(home);
        }
    } else if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = home()
    {
        return PathBuf::from(home).join(rest);
    }
    path.to_owned()
}

#[paykit_core::async_trait]
impl TokenCache for FileTokenCache {
    async fn get(&self, key: &CacheKey) -> Result<Option<CachedToken>, BoxError> {
        let _guard = self.lock.lock().await;
        Ok(self.read().remove(&key.to_key_string()))
    }

    async fn put(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        let _guard = self.lock.lock().await;
        let mut tokens = self.read();
        tokens.insert(key.to_key_string(), token.clone());
        self.write(tokens)
    }

    async fn invalidate(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        let _guard = self.lock.lock().await;
        let mut tokens = self.read();
        let id = key.to_key_string();
        if tokens.get(&id).is_some_and(|t| t.same_token(token)) {
            tokens.remove(&id);
            self.write(tokens)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_is_the_home_directory() {
        // pax8.md §1.2: py-pax8 never expanded `~`.
        let Some(home) = std::env::var_os("HOME") else {
            return;
        };
        assert_eq!(
            expand_home(Path::new("~/x/t.json")),
            PathBuf::from(&home).join("x/t.json")
        );
        assert_eq!(expand_home(Path::new("~")), PathBuf::from(&home));
        assert_eq!(expand_home(Path::new("/a/~/b")), PathBuf::from("/a/~/b"));
        assert_eq!(expand_home(Path::new("~bob/x")), PathBuf::from("~bob/x"));
    }
}
