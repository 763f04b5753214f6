//! `Input<T>`: an API request body in any encoding Discourse's API accepts: JSON, a URL-encoded
//! form, or `multipart/form-data`. The two form encodings use Rails-style keys (`post[raw]`,
//! `tags[]`). Each encoding is turned into one JSON value and then into `T`, so a handler is
//! written once for all three. Form values arrive as text: fields that take numbers or
//! booleans read them through [`lenient`].
//!
//! Bad bodies change nothing and say what is wrong: an unknown encoding is 415, a body over the
//! limit is 413 before it is parsed, bytes that are not UTF-8 or keys of the wrong shape are 400
//! naming the key.

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::AppError;
use crate::messages;

/// A decoded API body.
#[derive(Debug)]
pub struct Input<T>(pub T);

impl<T> Input<T> {
    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Query-string parameters with Rails-style keys (`post_ids[]=3&post_ids[]=4`), decoded into
/// `T` the way [`Input`] decodes bodies.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Params<T> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            crate::routes::form::pairs(req.query_string().as_bytes())
                .and_then(rails::nest)
                .and_then(decode)
                .map(Params),
        )
    }
}

/// `value` as `T`; a field of the wrong type is a 400 naming its key.
fn decode<T: DeserializeOwned>(value: Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        AppError::BadRequest(messages::body_field_unreadable(
            &rails::key_name(&e.path().to_string()),
            e.inner(),
        ))
    })
}

/// The encodings understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `application/json`
    Json,
    /// `application/x-www-form-urlencoded`, Rails-style keys.
    UrlEncoded,
    /// `multipart/form-data`, Rails-style keys (read as it streams in, so not by [`decode_body`]).
    Multipart,
    /// No `Content-Type`: only an empty body is acceptable.
    Unstated,
}

/// A complete body in `encoding` as `T`: what [`Input`] does once the bytes are in (the fuzz
/// target `bodies` feeds it any bytes). Multipart bodies are read field by field as they
/// arrive, so they are refused here.
pub fn decode_body<T: DeserializeOwned>(encoding: Encoding, body: &[u8]) -> Result<T, AppError> {
    decode(value_of(encoding, body)?)
}

/// The JSON value a complete body in `encoding` stands for.
fn value_of(encoding: Encoding, body: &[u8]) -> Result<Value, AppError> {
    match encoding {
        Encoding::Json => serde_json::from_slice::<Value>(body)
            .map_err(|e| AppError::BadRequest(messages::json_unreadable(e))),
        Encoding::UrlEncoded => rails::nest(crate::routes::form::pairs(body)?),
        Encoding::Unstated if body.is_empty() => Ok(Value::Object(Map::new())),
        Encoding::Unstated | Encoding::Multipart => Err(AppError::UnsupportedMediaType(
            messages::unsupported_body(""),
        )),
    }
}

fn encoding(req: &HttpRequest) -> Result<Encoding, AppError> {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return Ok(Encoding::Unstated);
    };
    let stated = value.to_str().unwrap_or_default().to_ascii_lowercase();
    let media = stated.split(';').next().unwrap_or_default().trim();
    match media {
        "application/json" => Ok(Encoding::Json),
        "application/x-www-form-urlencoded" => Ok(Encoding::UrlEncoded),
        "multipart/form-data" => Ok(Encoding::Multipart),
        _ => Err(AppError::UnsupportedMediaType(messages::unsupported_body(
            media,
        ))),
    }
}

/// The most bytes a body may have, as the web shell configures it (the same limit it gives
/// actix for other bodies); multipart bodies are counted against it as they arrive.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

fn limit(req: &HttpRequest) -> usize {
    req.app_data::<BodyLimit>().map_or(256 * 1024, |l| l.0)
}

fn too_large() -> AppError {
    AppError::TooLarge(vec![messages::Complaint::general(messages::BODY_TOO_LARGE)])
}

impl<T: DeserializeOwned + 'static> FromRequest for Input<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let encoding = encoding(req);
        let limit = limit(req);
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let value = match encoding? {
                Encoding::Multipart => {
                    let multipart = actix_multipart::Multipart::new(req.headers(), payload);
                    rails::nest(multipart_pairs(multipart, limit).await?)?
                }
                complete => value_of(complete, &bytes(&req, &mut payload).await?)?,
            };
            decode(value).map(Input)
        })
    }
}

/// The whole body, within the configured limit (413 otherwise).
async fn bytes(req: &HttpRequest, payload: &mut Payload) -> Result<web::Bytes, AppError> {
    web::Bytes::from_request(req, payload).await.map_err(|e| {
        if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::BadRequest(messages::form_unreadable(e))
        }
    })
}

/// The text fields of a multipart body as (name, value) pairs. Files are refused: nothing in
/// the API takes uploads yet.
async fn multipart_pairs(
    mut multipart: actix_multipart::Multipart,
    limit: usize,
) -> Result<Vec<(String, String)>, AppError> {
    let mut pairs = Vec::new();
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| AppError::BadRequest(messages::form_unreadable(e)))?;
        let name = field.name().unwrap_or_default().to_owned();
        if field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some()
        {
            return Err(AppError::BadRequest(messages::no_files_here(&name)));
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| AppError::BadRequest(messages::form_unreadable(e)))?;
            total += chunk.len();
            if total > limit {
                return Err(too_large());
            }
            value.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(value)
            .map_err(|_| AppError::BadRequest(messages::FORM_NOT_UTF8.into()))?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Rails-style keys: `post[raw]=…` is `{"post": {"raw": …}}`, `tags[]=a&tags[]=b` is
/// `{"tags": ["a", "b"]}`. A later plain value replaces an earlier one, as in Rails.
pub mod rails {
    use serde_json::{Map, Value};

    use crate::error::AppError;
    use crate::messages;

    /// One step of a key: a named part, or `[]` (append to a list).
    #[derive(Debug, PartialEq, Eq)]
    enum Step {
        Name(String),
        Append,
    }

    /// Splits `a[b][]` into `a`, `b`, `[]`; `None` if the brackets do not pair up.
    fn steps(key: &str) -> Option<Vec<Step>> {
        let (first, mut rest) = match key.find('[') {
            Some(open) => (&key[..open], &key[open..]),
            None => (key, ""),
        };
        if first.is_empty() {
            return None;
        }
        let mut steps = vec![Step::Name(first.to_owned())];
        while !rest.is_empty() {
            let inner = rest.strip_prefix('[')?;
            let close = inner.find(']')?;
            let name = &inner[..close];
            if name.contains('[') {
                return None;
            }
            steps.push(if name.is_empty() {
                Step::Append
            } else {
                Step::Name(name.to_owned())
            });
            rest = &inner[close + 1..];
        }
        Some(steps)
    }

    /// Builds the nested value the pairs describe.
    pub fn nest(pairs: Vec<(String, String)>) -> Result<Value, AppError> {
        let mut root = Map::new();
        for (key, value) in pairs {
            let steps = steps(&key)
                .ok_or_else(|| AppError::BadRequest(messages::body_key_malformed(&key)))?;
            insert(&mut root, &key, &steps, Value::String(value))?;
        }
        Ok(Value::Object(root))
    }

    fn conflict(key: &str) -> AppError {
        AppError::BadRequest(messages::body_key_conflict(key))
    }

    fn insert(
        map: &mut Map<String, Value>,
        key: &str,
        steps: &[Step],
        value: Value,
    ) -> Result<(), AppError> {
        let Some((Step::Name(name), rest)) = steps.split_first() else {
            return Err(AppError::BadRequest(messages::body_key_malformed(key)));
        };
        match rest.first() {
            None => match map.get(name) {
                Some(Value::Object(_) | Value::Array(_)) => Err(conflict(key)),
                _ => {
                    map.insert(name.clone(), value);
                    Ok(())
                }
            },
            Some(Step::Append) => {
                if rest.len() > 1 {
                    // `a[][b]`: lists of groups, which no endpoint takes.
                    return Err(AppError::BadRequest(messages::body_key_malformed(key)));
                }
                let entry = map
                    .entry(name.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                match entry {
                    Value::Array(items) => {
                        items.push(value);
                        Ok(())
                    }
                    _ => Err(conflict(key)),
                }
            }
            Some(Step::Name(_)) => {
                let entry = map
                    .entry(name.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                match entry {
                    Value::Object(inner) => insert(inner, key, rest, value),
                    _ => Err(conflict(key)),
                }
            }
        }
    }

    /// A serde path (`post.raw`, `tags[0]`) written as the client writes keys (`post[raw]`).
    pub fn key_name(path: &str) -> String {
        let mut parts = path.split('.');
        let mut name = parts.next().unwrap_or_default().to_owned();
        for part in parts {
            name.push('[');
            name.push_str(part);
            name.push(']');
        }
        name
    }

    #[cfg(test)]
    mod tests {
        use serde_json::json;

        use super::*;

        fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
            list.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        }

        #[test]
        fn rails_keys_nest_into_groups_and_lists() {
            let value = nest(pairs(&[
                ("post[raw]", "Hello"),
                ("post[edit_reason]", "typo"),
                ("tags[]", "numpy"),
                ("tags[]", "scipy"),
                ("title", "T"),
                ("a[b][]", "1"),
            ]))
            .expect("well-formed keys");
            assert_eq!(
                value,
                json!({
                    "post": {"raw": "Hello", "edit_reason": "typo"},
                    "tags": ["numpy", "scipy"],
                    "title": "T",
                    "a": {"b": ["1"]},
                })
            );
        }

        #[test]
        fn keys_of_the_wrong_shape_are_refused_by_name() {
            for bad in [
                vec![("post", "x"), ("post[raw]", "y")],
                vec![("post[raw]", "y"), ("post", "x")],
                vec![("tags[]", "a"), ("tags[x]", "b")],
                vec![("post[raw", "y")],
                vec![("[raw]", "y")],
                vec![("a[][b]", "y")],
            ] {
                let error = nest(pairs(&bad)).expect_err("refused").to_string();
                let key = bad.last().map(|pair| pair.0).unwrap_or_default();
                assert!(error.contains(key), "{bad:?}: {error}");
            }
        }

        #[test]
        fn paths_are_named_as_clients_write_keys() {
            assert_eq!(key_name("post.raw"), "post[raw]");
            assert_eq!(key_name("topic_id"), "topic_id");
        }
    }
}

/// The topic a form or JSON field names: a number, or an address with `/t/…/{id}` in it
/// (`/t/slug/123`, `/t/123/4`, a full address); absent or blank is `None`.
pub fn topic_named(
    field: crate::models::invalid::Field,
    value: Option<&serde_json::Value>,
) -> Result<Option<crate::models::ids::TopicId>, crate::models::invalid::FieldError> {
    use crate::models::ids::TopicId;
    use crate::models::invalid::{FieldError, Problem};
    use serde_json::Value;
    let malformed = FieldError {
        field,
        problem: Problem::Malformed,
    };
    let text = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => return n.as_i64().map(|n| Some(TopicId(n))).ok_or(malformed),
        Some(Value::String(s)) => s.trim(),
        Some(_) => return Err(malformed),
    };
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(n) = text.parse::<i64>() {
        return Ok(Some(TopicId(n)));
    }
    let after = text
        .split_once("/t/")
        .map(|(_, rest)| rest)
        .ok_or(malformed)?;
    after
        .split(['/', '?', '#'])
        .find_map(|segment| segment.parse::<i64>().ok())
        .map(|n| Some(TopicId(n)))
        .ok_or(malformed)
}

/// Deserialisers for fields that JSON sends as numbers or booleans and forms send as text.
pub mod lenient {
    use serde::{Deserialize, Deserializer, de::Error};
    use serde_json::Value;

    /// A whole number, from a number or from text; absent, `null` or empty text is `None`.
    pub fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("{n} is not a whole number"))),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| D::Error::custom(format!("{s:?} is not a whole number"))),
            Some(other) => Err(D::Error::custom(format!("{other} is not a whole number"))),
        }
    }

    /// Whole numbers, from a list (`ids[]=3&ids[]=4`, `[3, 4]`) or a single value; absent is
    /// empty.
    pub fn ints<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<i64>, D::Error> {
        let one = |value: Value| match value {
            Value::Number(n) => n
                .as_i64()
                .ok_or_else(|| D::Error::custom(format!("{n} is not a whole number"))),
            Value::String(s) => s
                .trim()
                .parse()
                .map_err(|_| D::Error::custom(format!("{s:?} is not a whole number"))),
            other => Err(D::Error::custom(format!("{other} is not a whole number"))),
        };
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items.into_iter().map(one).collect(),
            Some(single) => one(single).map(|n| vec![n]),
        }
    }

    /// `true` or `false`, from a boolean or from text (`"true"`, `"false"`, `"1"`, `"0"`).
    pub fn bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(Value::String(s)) => match s.trim() {
                "" => Ok(None),
                "true" | "1" | "on" => Ok(Some(true)),
                "false" | "0" | "off" => Ok(Some(false)),
                other => Err(D::Error::custom(format!("{other:?} is not true or false"))),
            },
            Some(other) => Err(D::Error::custom(format!("{other} is not true or false"))),
        }
    }

    /// Text, from text or a number (a JSON client may send `"number": 7`); absent or `null`
    /// is empty.
    pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(other) => Err(D::Error::custom(format!("{other} is not text or a number"))),
        }
    }

    /// Lines of text, from text or a list of texts (joined one per line).
    pub fn lines<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Option::<Value>::deserialize(deserializer)? {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    other => Err(D::Error::custom(format!("{other} is not text"))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|lines| lines.join("\n")),
            Some(other) => Err(D::Error::custom(format!("{other} is not text or a list"))),
        }
    }

    /// A checkbox or boolean: absent, blank or false is `false`.
    pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        bool(deserializer).map(|b| b.unwrap_or(false))
    }
}
