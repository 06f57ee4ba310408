//! Reading a tag: its attributes, unescaped; and errors placed on their line.

use std::borrow::Cow;

use quick_xml::XmlVersion;

use super::{Csdl, CsdlError, Element};

impl<'a> Csdl<'a> {
    /// The values of the attributes `names` of `element`, unescaped; every attribute of the
    /// tag is checked.
    pub(super) fn attributes<'e, const N: usize>(
        &self,
        element: &'e Element<'a>,
        names: [&str; N],
    ) -> Result<[Option<Cow<'e, str>>; N], CsdlError> {
        let mut found = [const { None }; N];
        for attribute in element.tag.attributes() {
            let malformed = |e: &dyn std::fmt::Display| {
                self.error(element.at, &format!("not well-formed XML: {e}"))
            };
            let attribute = attribute.map_err(|e| malformed(&e))?;
            let key = attribute.key.as_ref();
            let Some(i) = names.iter().position(|n| n.as_bytes() == key) else {
                continue;
            };
            // Only a reference or a tab or line end makes the value differ from its text.
            let plain = memchr::memchr3(b'&', b'\t', b'\n', &attribute.value).is_none()
                && memchr::memchr(b'\r', &attribute.value).is_none();
            found[i] = Some(match &attribute.value {
                &Cow::Borrowed(bytes) if plain => match self.text_at(bytes) {
                    Some(text) => Cow::Borrowed(text),
                    None => Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| malformed(&e))?),
                },
                _ => (attribute.normalized_value(XmlVersion::Implicit1_0))
                    .map_err(|e| malformed(&e))?,
            });
        }
        Ok(found)
    }

    /// `bytes`, a slice of the text being read, as that text: already UTF-8 (a value starts and
    /// ends at an ASCII quote), so not checked again. None for bytes from elsewhere.
    fn text_at(&self, bytes: &[u8]) -> Option<&'a str> {
        let start = (bytes.as_ptr().addr()).checked_sub(self.text.as_ptr().addr())?;
        let text = self.text.get(start..start.checked_add(bytes.len())?)?;
        (text.as_ptr() == bytes.as_ptr()).then_some(text)
    }

    pub(super) fn required<'v>(
        &self,
        element: &Element,
        value: Option<Cow<'v, str>>,
        name: &str,
    ) -> Result<Cow<'v, str>, CsdlError> {
        value.ok_or_else(|| {
            let message = format!("`{}` has no `{name}` attribute", element.name());
            self.error(element.at, &message)
        })
    }

    pub(super) fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    pub(super) fn malformed(&self, error: &quick_xml::Error) -> CsdlError {
        let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        self.error(at, &format!("not well-formed XML: {error}"))
    }

    pub(super) fn unclosed(&self, element: &Element) -> CsdlError {
        let message = format!(
            "not well-formed XML: `<{}>` is never closed",
            element.name()
        );
        self.error(self.text.len(), &message)
    }

    /// An error at byte `at` of the text, on its line.
    pub(super) fn error(&self, at: usize, message: &str) -> CsdlError {
        let before = self
            .text
            .as_bytes()
            .get(..at)
            .unwrap_or(self.text.as_bytes());
        let line = 1 + memchr::memchr_iter(b'\n', before).count();
        CsdlError {
            file: self.file.to_owned(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            message: message.to_owned(),
        }
    }
}
