//! The in-memory token cache (the default).

use std::collections::HashMap;
use std::sync::Mutex;

use paykit_core::BoxError;

use super::cache::{CacheKey, CachedToken, TokenCache};

/// Tokens in process memory, by identity. Each client gets its own unless one is shared
/// (`Arc<MemoryTokenCache>` through the builder's `token_cache_shared`).
#[derive(Debug, Default)]
pub struct MemoryTokenCache {
    tokens: Mutex<HashMap<CacheKey, CachedToken>>,
}

impl MemoryTokenCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<CacheKey, CachedToken>> {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[paykit_core::async_trait]
impl TokenCache for MemoryTokenCache {
    async fn get(&self, key: &CacheKey) -> Result<Option<CachedToken>, BoxError> {
        Ok(self.lock().get(key).cloned())
    }

    async fn put(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        self.lock().insert(key.clone(), token.clone());
        Ok(())
    }

    async fn invalidate(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        let mut tokens = self.lock();
        if tokens.get(key).is_some_and(|t| t.same_token(token)) {
            tokens.remove(key);
        }
        Ok(())
    }
}
