//! Decoding an answer's body as its `Content-Encoding` says (gzip, deflate, br, zstd), bounded
//! by the body limit so a small compressed answer cannot grow without end. Pure: bytes in,
//! bytes out.

use std::io::Read;

/// The encodings exemplar asks for and decodes, as sent in `Accept-Encoding`.
pub(crate) const ACCEPTED: &str = "gzip, deflate, br, zstd";

/// Why an answer's body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// An encoding exemplar does not know.
    #[error("the answer is `{0}`-encoded, which exemplar cannot decode (it asks for {ACCEPTED})")]
    Unsupported(String),
    /// The bytes are not what the encoding says.
    #[error("the {encoding}-encoded answer cannot be decoded: {message}")]
    Corrupt {
        /// The encoding.
        encoding: String,
        /// What the decoder said.
        message: String,
    },
    /// Decoded, the body is over the limit.
    #[error("the {encoding}-encoded answer is larger than {limit} bytes once decoded (--max-body)")]
    TooLarge {
        /// The encoding.
        encoding: String,
        /// The limit in bytes.
        limit: usize,
    },
}

/// `bytes` decoded as `encoding` (a `Content-Encoding` value, possibly a list applied in
/// order), at most `limit` bytes.
pub(crate) fn decode(encoding: &str, bytes: Vec<u8>, limit: usize) -> Result<Vec<u8>, DecodeError> {
    // Codings are listed in the order they were applied: undo them from the last.
    let mut body = bytes;
    for coding in encoding.split(',').map(str::trim).rev() {
        let coding = coding.to_ascii_lowercase();
        body = match coding.as_str() {
            "" | "identity" => continue,
            "gzip" | "x-gzip" => read(flate2::read::GzDecoder::new(&body[..]), &coding, limit)?,
            "deflate" => read(flate2::read::ZlibDecoder::new(&body[..]), &coding, limit)?,
            "br" => read(
                brotli_decompressor::Decompressor::new(&body[..], 4096),
                &coding,
                limit,
            )?,
            "zstd" => {
                let decoder = zstd::stream::read::Decoder::new(&body[..]).map_err(|e| {
                    DecodeError::Corrupt {
                        encoding: coding.clone(),
                        message: e.to_string(),
                    }
                })?;
                read(decoder, &coding, limit)?
            }
            other => return Err(DecodeError::Unsupported(other.to_owned())),
        };
    }
    Ok(body)
}

fn read(decoder: impl Read, encoding: &str, limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decoder
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt {
            encoding: encoding.to_owned(),
            message: e.to_string(),
        })?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge {
            encoding: encoding.to_owned(),
            limit,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const TEXT: &[u8] = b"{\"displayName\": \"Adele\"}";

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn every_accepted_encoding_decodes() {
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zlib.write_all(TEXT).unwrap();
        let zstd = zstd::stream::encode_all(TEXT, 1).unwrap();
        for (encoding, bytes) in [
            ("gzip", gzip(TEXT)),
            ("deflate", zlib.finish().unwrap()),
            ("zstd", zstd),
            ("identity", TEXT.to_vec()),
            ("GZIP", gzip(TEXT)),
        ] {
            assert_eq!(decode(encoding, bytes, 1000).unwrap(), TEXT, "{encoding}");
        }
        let twice = gzip(&gzip(TEXT));
        assert_eq!(decode("gzip, gzip", twice, 1000).unwrap(), TEXT);
    }

    #[test]
    fn brotli_decodes() {
        // `{"a":1}` compressed by brotli (quality 11), as a server would send it.
        let br = [
            0x0b, 0x03, 0x80, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d, 0x03,
        ];
        assert_eq!(decode("br", br.to_vec(), 100).unwrap(), b"{\"a\":1}");
    }

    #[test]
    fn what_cannot_be_decoded_says_why() {
        assert!(matches!(
            decode("gzip", b"not gzip".to_vec(), 100),
            Err(DecodeError::Corrupt { .. })
        ));
        assert_eq!(
            decode("compress", TEXT.to_vec(), 100),
            Err(DecodeError::Unsupported("compress".into()))
        );
        let bomb = gzip(&vec![b'a'; 100_000]);
        assert_eq!(
            decode("gzip", bomb, 1000),
            Err(DecodeError::TooLarge {
                encoding: "gzip".into(),
                limit: 1000
            })
        );
    }
}
