//! Reading a tag: its attributes, unescaped only when asked; and errors placed on their line.

use std::borrow::Cow;

use quick_xml::XmlVersion;

use super::{Csdl, CsdlError, Element};

impl Csdl<'_> {
    /// The values of the attributes `names` of `element`, unescaped.
    pub(super) fn attributes<'e, const N: usize>(
        &self,
        element: &'e Element,
        names: [&str; N],
    ) -> Result<[Option<Cow<'e, str>>; N], CsdlError> {
        self.attributes_as(element, names, true)
    }

    /// [`Self::attributes`], or when not `values`, only which are there (each as an empty
    /// value): a value is then unescaped only when it has a reference, the one way it can be
    /// wrong.
    pub(super) fn attributes_as<'e, const N: usize>(
        &self,
        element: &'e Element,
        names: [&str; N],
        values: bool,
    ) -> Result<[Option<Cow<'e, str>>; N], CsdlError> {
        let mut found = [const { None }; N];
        for attribute in element.tag.attributes() {
            let malformed = |e: &dyn std::fmt::Display| {
                self.error(element.at, &format!("not well-formed XML: {e}"))
            };
            let attribute = attribute.map_err(|e| malformed(&e))?;
            let key = attribute.key.as_ref();
            if let Some(i) = names.iter().position(|n| n.as_bytes() == key) {
                // Only a reference or a tab or line end makes the value differ from its text.
                let plain = memchr::memchr3(b'&', b'\t', b'\n', &attribute.value).is_none()
                    && memchr::memchr(b'\r', &attribute.value).is_none();
                found[i] = match (plain, values, &attribute.value) {
                    (true, false, _) => Some(Cow::Borrowed("")),
                    (true, true, &Cow::Borrowed(bytes)) => match std::str::from_utf8(bytes) {
                        Ok(text) => Some(Cow::Borrowed(text)),
                        Err(e) => return Err(malformed(&e)),
                    },
                    _ => {
                        let value = (attribute.normalized_value(XmlVersion::Implicit1_0))
                            .map_err(|e| malformed(&e))?;
                        Some(if values { value } else { Cow::Borrowed("") })
                    }
                };
            }
        }
        Ok(found)
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
