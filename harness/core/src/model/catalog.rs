//! What `exemplar help codes` says of each code: its family, usual severity, API Doctor's name
//! for the same check where there is one, and a one-line example of what it catches.

use std::fmt::Write;

use super::{Code, Severity};

/// The description of one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code as written: `link-missing-anchor`.
    pub name: &'static str,
    /// The family: `example`, `schema`, `link`, `front-matter`, `outline`, `tabs`, `table`,
    /// `request`, `config`, `page`.
    pub family: &'static str,
    /// The severity the check gives (before `treatErrorsAsWarningsWorkloads`).
    pub severity: Severity,
    /// API Doctor's `ValidationErrorCode` for the same check, if it has one.
    pub api_doctor: Option<&'static str>,
    /// What it catches, in one line.
    pub example: &'static str,
}

impl Code {
    /// The severity this code's findings have (the doc-set checks; the example checks give
    /// this one too, but for a few codes whose severity depends on what was tolerated).
    pub fn severity(self) -> Severity {
        self.info().severity
    }

    /// Name, family, severity, API Doctor's name and an example.
    pub fn info(self) -> CodeInfo {
        let (_, name, family, severity, api_doctor, example) = TABLE
            .iter()
            .copied()
            .find(|row| row.0 == self)
            .unwrap_or((self, "unknown", "example", W, None, ""));
        CodeInfo {
            name,
            family,
            severity,
            api_doctor,
            example,
        }
    }
}

/// What `exemplar help codes` shows: every lint code with its family, severity, API Doctor's
/// name for the same check and an example.
pub fn codes_reference() -> String {
    let mut text = String::from(
        "Every code `exemplar lint` reports (filter with --code). Errors fail lint (exit 1); a page
whose path names a workload of `treatErrorsAsWarningsWorkloads` has warnings instead.\n\n",
    );
    let _ = writeln!(
        text,
        "{:<30} {:<13} {:<8} API DOCTOR\n    example",
        "CODE", "FAMILY", "SEVERITY"
    );
    for code in Code::ALL {
        let info = code.info();
        let (family, severity) = (info.family, info.severity.as_str());
        let api_doctor = info.api_doctor.unwrap_or("-");
        let _ = writeln!(
            text,
            "{:<30} {family:<13} {severity:<8} {api_doctor}",
            code.as_str()
        );
        let _ = writeln!(text, "    {}", info.example);
    }
    text
}

use Severity::{Error as E, Warning as W};

/// One row per code: code, name, family, severity, API Doctor's name, example.
type Row = (
    Code,
    &'static str,
    &'static str,
    Severity,
    Option<&'static str>,
    &'static str,
);

#[rustfmt::skip]
const TABLE: [Row; Code::ALL.len()] = [
    (Code::UnknownBlockType, "unknown-block-type", "example", W, None, r#"`"blockType": "requets"`"#),
    (Code::AnnotationWithoutFence, "annotation-without-fence", "example", W, None, "an annotation followed by prose, not a code block"),
    (Code::LenientMetadata, "lenient-metadata", "example", W, Some("AnnotationParserException"), "annotation JSON with a trailing comma"),
    (Code::InvalidMetadata, "invalid-metadata", "example", E, Some("AnnotationParserException"), "annotation comment that is not JSON at all"),
    (Code::LenientBody, "lenient-body", "example", W, Some("JsonParserException"), "a body with `...` or comments, read by tolerating them"),
    (Code::InvalidBody, "invalid-body", "example", E, Some("JsonParserException"), "a JSON body that cannot be read"),
    (Code::LenientHttp, "lenient-http", "example", W, Some("HttpParserError"), "`GET  /me` with two spaces"),
    (Code::RequestMissingMethod, "request-missing-method", "example", E, Some("InvalidRequestFormat"), "a request block without a method"),
    (Code::RequestMissingUrl, "request-missing-url", "example", E, Some("InvalidRequestFormat"), "`GET` alone on its line"),
    (Code::ResponseMissingStatus, "response-missing-status", "example", E, Some("HttpResponseFormatInvalid"), "a response block without `HTTP/1.1 200 OK`"),
    (Code::ResponseHoldsRequest, "response-holds-request", "example", E, None, "a response block that holds a request"),
    (Code::ResponseWithoutRequest, "response-without-request", "example", W, None, "a response with no request before it"),
    (Code::DuplicateResponse, "duplicate-response", "example", W, None, "two responses for one request"),
    (Code::RequestWithoutResponse, "request-without-response", "example", W, None, "a request whose response is missing"),
    (Code::ResponseNameUnmatched, "response-name-unmatched", "example", W, None, "a response naming no request of the page"),
    (Code::DuplicateName, "duplicate-name", "example", W, Some("DuplicateMethodIdentifier"), "two examples named `get_user`"),
    (Code::UnclosedFence, "unclosed-fence", "example", E, Some("MarkdownParserError"), "a ```` ```http ```` never closed"),
    (Code::NotUtf8, "not-utf8", "page", E, Some("ErrorReadingFile"), "a page saved as UTF-16"),
    (Code::BinaryFile, "binary-file", "page", E, Some("ErrorReadingFile"), "an image named `.md`"),
    (Code::FileTooLarge, "file-too-large", "page", E, Some("ErrorReadingFile"), "a 50 MB page"),
    (Code::ContentLengthMismatch, "content-length-mismatch", "example", W, None, "`Content-Length: 10` on a 12-byte body"),
    (Code::ReasonPhraseMismatch, "reason-phrase-mismatch", "example", W, Some("HttpStatusMessageDifferent"), "`HTTP/1.1 200 Created`"),
    (Code::EmptyBlock, "empty-block", "example", E, Some("RequestWasEmptyOrNull"), "an annotated empty code block"),
    (Code::BodyOnNoContent, "body-on-no-content", "example", W, None, "`204 No Content` with a body"),
    (Code::ConflictingExamples, "conflicting-examples", "example", W, None, "one request documented twice with two answers"),
    (Code::SchemaWrongType, "schema-wrong-type", "schema", E, Some("ExpectedTypeDifferent"), r#""accountEnabled": "yes""#),
    (Code::SchemaUnknownMember, "schema-unknown-member", "schema", E, Some("InvalidEnumeratedValueString"), "an enum value the CSDL lacks"),
    (Code::SchemaNotNullable, "schema-not-nullable", "schema", W, Some("NullPropertyValue"), "`null` for a non-nullable property"),
    (Code::SchemaUnknownType, "schema-unknown-type", "schema", E, Some("ResourceTypeNotFound"), r#""@odata.type": "microsoft.graph.usr""#),
    (Code::SchemaNotDerived, "schema-not-derived", "schema", E, Some("ExpectedTypeDifferent"), "`@odata.type` of an unrelated type"),
    (Code::SchemaUnknownProperty, "schema-unknown-property", "schema", W, Some("AdditionalPropertyDetected"), "`displayNmae` in a user"),
    (Code::SchemaNotExpanded, "schema-not-expanded", "schema", W, None, "a navigation property inline without `$expand`"),
    (Code::SchemaMissingProperty, "schema-missing-property", "schema", W, Some("RequiredPropertiesMissing"), "a documented property left out of a full response"),
    (Code::SchemaUnreadableType, "schema-unreadable-type", "schema", E, None, "a resource block whose type cannot be read"),
    (Code::ResourceNotInMetadata, "resource-not-in-metadata", "schema", W, Some("ResourceTypeNotFound"), "a resource block the CSDL does not define"),
    (Code::ResourceTypeDiffers, "resource-type-differs", "schema", E, Some("ExpectedTypeDifferent"), "a resource property typed otherwise in the CSDL"),
    (Code::ConfigInvalid, "config-invalid", "config", E, None, "`schema-config.json` with a trailing comma"),
    (Code::LinkMissingFile, "link-missing-file", "link", E, Some("LinkDestinationNotFound"), "`[user](../resources/usr.md)`"),
    (Code::LinkMissingAnchor, "link-missing-anchor", "link", E, Some("LinkDestinationNotFound"), "`[props](user.md#propertys)`"),
    (Code::LinkUndefinedReference, "link-undefined-reference", "link", E, Some("MissingLinkSourceId"), "`[user][usr]` with no `[usr]: url`"),
    (Code::LinkCase, "link-case", "link", W, None, "`[user](../resources/User.md)` for `user.md`"),
    (Code::LinkBackslash, "link-backslash", "link", W, None, r"`[user](..\resources\user.md)`"),
    (Code::FrontMatterMissing, "front-matter-missing", "front-matter", E, None, "a page that does not open with `---`"),
    (Code::FrontMatterInvalid, "front-matter-invalid", "front-matter", E, None, "`title: \"Get user` (unclosed quote)"),
    (Code::FrontMatterMissingKey, "front-matter-missing-key", "front-matter", E, None, "no `ms.prod:` among the keys"),
    (Code::FrontMatterUnknownDocType, "front-matter-unknown-doc-type", "front-matter", W, None, "`doc_type: apiPageTyp`"),
    (Code::OutlineMissingHeading, "outline-missing-heading", "outline", E, Some("RequiredDocumentHeaderMissing"), "an enum page without `## Members`"),
    (Code::OutlineHeadingCase, "outline-heading-case", "outline", W, Some("RequiredDocumentHeaderMissing"), "`## members` for `## Members`"),
    (Code::OutlineHeadingOrder, "outline-heading-order", "outline", E, Some("DocumentHeaderInWrongPosition"), "`## Members` before its `# … enum type`"),
    (Code::TabsHttpNotFirst, "tabs-http-not-first", "tabs", E, None, "`# [C#](#tab/csharp)` before `# [HTTP](#tab/http)`"),
    (Code::TabsSingle, "tabs-single", "tabs", E, None, "a tab group with only `# [HTTP](#tab/http)`"),
    (Code::TabsRepeated, "tabs-repeated", "tabs", E, None, "`#tab/java` twice in one group"),
    (Code::TabsUnclosed, "tabs-unclosed", "tabs", E, None, "a tab group with no `---` after its last tab"),
    (Code::TabsOutsideExamples, "tabs-outside-examples", "tabs", W, None, "an HTTP tab group under `## Request body`"),
    (Code::TableMissingProperty, "table-missing-property", "table", E, None, "`mail` in the resource block, not in Properties"),
    (Code::TableExtraProperty, "table-extra-property", "table", W, None, "a Properties row the resource block lacks"),
    (Code::TableCollectionMismatch, "table-collection-mismatch", "table", E, Some("ExpectedArrayValue"), "`String collection` in the table, `\"String\"` in the block"),
    (Code::TableTypeDrift, "table-type-drift", "table", W, Some("ExpectedTypeDifferent"), "`Int32` in the table, `\"String\"` in the block"),
    (Code::TableEnumNoMembers, "table-enum-no-members", "table", E, None, "a `## Members` table whose columns are `Number` and `Description`"),
    (Code::TableEnumMissingMember, "table-enum-missing-member", "table", E, None, "`unknownFutureValue` in the CSDL's `EnumType`, not in the `Members` table"),
    (Code::TableEnumExtraMember, "table-enum-extra-member", "table", W, Some("InvalidEnumeratedValueString"), "a `Members` row `pendng` the CSDL's `EnumType` lacks"),
    (Code::TableCsdlMissingProperty, "table-csdl-missing-property", "table", E, None, "`mail` of `microsoft.graph.user` in the CSDL, not in Properties"),
    (Code::TableCsdlExtraProperty, "table-csdl-extra-property", "table", W, None, "a Properties row `mial` the CSDL type does not declare"),
    (Code::TableCsdlCollectionMismatch, "table-csdl-collection-mismatch", "table", E, Some("ExpectedArrayValue"), "`String` in the table, `Collection(Edm.String)` in the CSDL"),
    (Code::TableCsdlTypeDrift, "table-csdl-type-drift", "table", W, Some("ExpectedTypeDifferent"), "`Int32` in the table, `Edm.Int64` in the CSDL"),
    (Code::RequestBaseUrl, "request-base-url", "request", E, None, "`GET https://graph.microsoft.us/v1.0/me`"),
    (Code::RequestMethod, "request-method", "request", E, Some("InvalidHttpMethod"), "`FETCH https://graph.microsoft.com/v1.0/me`"),
    (Code::RequestUrlTooLong, "request-url-too-long", "request", E, Some("UrlLengthExceedsMaximum"), "a request URL of 3,000 characters"),
    (Code::UnusedSuppression, "unused-suppression", "config", W, None, "a suppression that silences nothing (`--list-suppressions`)"),
    (Code::TablePlaceholderDescription, "table-placeholder-description", "table", W, None, "a row `lint --fix` added, its description not yet written"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_row_under_its_own_name() {
        for code in Code::ALL {
            assert_eq!(
                TABLE.iter().filter(|row| row.0 == code).count(),
                1,
                "{code:?}"
            );
            assert_eq!(code.info().name, code.as_str());
        }
    }
}
