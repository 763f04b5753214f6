//! Static assets embedded in the binary, served under content-hashed names so browsers can
//! cache them for a year and still see a new version at once.

use std::sync::LazyLock;

use sha2::{Digest, Sha256};

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// The name pages refer to, e.g. `style.css`.
    pub name: &'static str,
    /// The served name with the hash, e.g. `style.3f2a9c1b.css`.
    pub hashed_name: String,
    /// Its bytes.
    pub body: &'static [u8],
    /// Its bytes gzipped at the best level, once, when the assets are first asked for; `None`
    /// for a type that does not compress (`compression::compresses`).
    pub gzip: Option<actix_web::web::Bytes>,
    /// Its MIME type.
    pub content_type: &'static str,
}

const FILES: &[(&str, &[u8], &str)] = &[
    (
        "style.css",
        include_bytes!("../assets/style.css"),
        "text/css; charset=utf-8",
    ),
    (
        "favicon.svg",
        include_bytes!("../assets/favicon.svg"),
        "image/svg+xml",
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(name, body, content_type)| {
            let digest = Sha256::digest(body);
            let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
            let hashed_name = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
                None => format!("{name}.{short}"),
            };
            Asset {
                name,
                hashed_name,
                body,
                gzip: crate::compression::compresses(content_type)
                    .then(|| crate::compression::gzip_best(body)),
                content_type,
            }
        })
        .collect()
});

/// The URL of an asset by its plain name.
pub fn url(name: &str) -> String {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map(|a| format!("/assets/{}", a.hashed_name))
        .unwrap_or_else(|| format!("/assets/{name}"))
}

/// The asset served under `hashed_name`.
pub fn find(hashed_name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.hashed_name == hashed_name)
}
