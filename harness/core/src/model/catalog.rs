//! What `exemplar help codes` says of each code: its family, usual severity, API Doctor's name
//! for the same check where there is one, and a one-line example of what it catches.

use super::{Code, Severity};

/// The description of one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
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

    /// Family, severity, API Doctor's name and an example.
    pub fn info(self) -> CodeInfo {
        use Severity::{Error as E, Warning as W};
        let (family, severity, api_doctor, example) = match self {
            Code::UnknownBlockType => ("example", W, None, r#"`"blockType": "requets"`"#),
            Code::AnnotationWithoutFence => (
                "example",
                W,
                None,
                "an annotation followed by prose, not a code block",
            ),
            Code::LenientMetadata => (
                "example",
                W,
                Some("AnnotationParserException"),
                "annotation JSON with a trailing comma",
            ),
            Code::InvalidMetadata => (
                "example",
                E,
                Some("AnnotationParserException"),
                "annotation comment that is not JSON at all",
            ),
            Code::LenientBody => (
                "example",
                W,
                Some("JsonParserException"),
                "a body with `...` or comments, read by tolerating them",
            ),
            Code::InvalidBody => (
                "example",
                E,
                Some("JsonParserException"),
                "a JSON body that cannot be read",
            ),
            Code::LenientHttp => (
                "example",
                W,
                Some("HttpParserError"),
                "`GET  /me` with two spaces",
            ),
            Code::RequestMissingMethod => (
                "example",
                E,
                Some("InvalidRequestFormat"),
                "a request block without a method",
            ),
            Code::RequestMissingUrl => (
                "example",
                E,
                Some("InvalidRequestFormat"),
                "`GET` alone on its line",
            ),
            Code::ResponseMissingStatus => (
                "example",
                E,
                Some("HttpResponseFormatInvalid"),
                "a response block without `HTTP/1.1 200 OK`",
            ),
            Code::ResponseHoldsRequest => {
                ("example", E, None, "a response block that holds a request")
            }
            Code::ResponseWithoutRequest => {
                ("example", W, None, "a response with no request before it")
            }
            Code::DuplicateResponse => ("example", W, None, "two responses for one request"),
            Code::RequestWithoutResponse => {
                ("example", W, None, "a request whose response is missing")
            }
            Code::ResponseNameUnmatched => (
                "example",
                W,
                None,
                "a response naming no request of the page",
            ),
            Code::DuplicateName => (
                "example",
                W,
                Some("DuplicateMethodIdentifier"),
                "two examples named `get_user`",
            ),
            Code::UnclosedFence => (
                "example",
                E,
                Some("MarkdownParserError"),
                "a ```` ```http ```` never closed",
            ),
            Code::NotUtf8 => (
                "page",
                E,
                Some("ErrorReadingFile"),
                "a page saved as UTF-16",
            ),
            Code::BinaryFile => ("page", E, Some("ErrorReadingFile"), "an image named `.md`"),
            Code::FileTooLarge => ("page", E, Some("ErrorReadingFile"), "a 50 MB page"),
            Code::ContentLengthMismatch => {
                ("example", W, None, "`Content-Length: 10` on a 12-byte body")
            }
            Code::ReasonPhraseMismatch => (
                "example",
                W,
                Some("HttpStatusMessageDifferent"),
                "`HTTP/1.1 200 Created`",
            ),
            Code::EmptyBlock => (
                "example",
                E,
                Some("RequestWasEmptyOrNull"),
                "an annotated empty code block",
            ),
            Code::BodyOnNoContent => ("example", W, None, "`204 No Content` with a body"),
            Code::ConflictingExamples => (
                "example",
                W,
                None,
                "one request documented twice with two answers",
            ),
            Code::SchemaWrongType => (
                "schema",
                E,
                Some("ExpectedTypeDifferent"),
                r#""accountEnabled": "yes""#,
            ),
            Code::SchemaUnknownMember => (
                "schema",
                E,
                Some("InvalidEnumeratedValueString"),
                "an enum value the CSDL lacks",
            ),
            Code::SchemaNotNullable => (
                "schema",
                W,
                Some("NullPropertyValue"),
                "`null` for a non-nullable property",
            ),
            Code::SchemaUnknownType => (
                "schema",
                E,
                Some("ResourceTypeNotFound"),
                r#""@odata.type": "microsoft.graph.usr""#,
            ),
            Code::SchemaNotDerived => (
                "schema",
                E,
                Some("ExpectedTypeDifferent"),
                "`@odata.type` of an unrelated type",
            ),
            Code::SchemaUnknownProperty => (
                "schema",
                W,
                Some("AdditionalPropertyDetected"),
                "`displayNmae` in a user",
            ),
            Code::SchemaNotExpanded => (
                "schema",
                W,
                None,
                "a navigation property inline without `$expand`",
            ),
            Code::SchemaMissingProperty => (
                "schema",
                W,
                Some("RequiredPropertiesMissing"),
                "a documented property left out of a full response",
            ),
            Code::SchemaUnreadableType => (
                "schema",
                E,
                None,
                "a resource block whose type cannot be read",
            ),
            Code::ResourceNotInMetadata => (
                "schema",
                W,
                Some("ResourceTypeNotFound"),
                "a resource block the CSDL does not define",
            ),
            Code::ResourceTypeDiffers => (
                "schema",
                E,
                Some("ExpectedTypeDifferent"),
                "a resource property typed otherwise in the CSDL",
            ),
            Code::ConfigInvalid => (
                "config",
                E,
                None,
                "`schema-config.json` with a trailing comma",
            ),
            Code::LinkMissingFile => (
                "link",
                E,
                Some("LinkDestinationNotFound"),
                "`[user](../resources/usr.md)`",
            ),
            Code::LinkMissingAnchor => (
                "link",
                E,
                Some("LinkDestinationNotFound"),
                "`[props](user.md#propertys)`",
            ),
            Code::LinkUndefinedReference => (
                "link",
                E,
                Some("MissingLinkSourceId"),
                "`[user][usr]` with no `[usr]: url`",
            ),
            Code::LinkCase => (
                "link",
                W,
                None,
                "`[user](../resources/User.md)` for `user.md`",
            ),
            Code::LinkBackslash => ("link", W, None, r"`[user](..\resources\user.md)`"),
            Code::FrontMatterMissing => (
                "front-matter",
                E,
                None,
                "a page that does not open with `---`",
            ),
            Code::FrontMatterInvalid => (
                "front-matter",
                E,
                None,
                "`title: \"Get user` (unclosed quote)",
            ),
            Code::FrontMatterMissingKey => {
                ("front-matter", E, None, "no `ms.prod:` among the keys")
            }
            Code::FrontMatterUnknownDocType => ("front-matter", W, None, "`doc_type: apiPageTyp`"),
            Code::OutlineMissingHeading => (
                "outline",
                E,
                Some("RequiredDocumentHeaderMissing"),
                "an enum page without `## Members`",
            ),
            Code::OutlineHeadingCase => (
                "outline",
                W,
                Some("RequiredDocumentHeaderMissing"),
                "`## members` for `## Members`",
            ),
            Code::OutlineHeadingOrder => (
                "outline",
                E,
                Some("DocumentHeaderInWrongPosition"),
                "`## Members` before its `# … enum type`",
            ),
            Code::TabsHttpNotFirst => (
                "tabs",
                E,
                None,
                "`# [C#](#tab/csharp)` before `# [HTTP](#tab/http)`",
            ),
            Code::TabsSingle => (
                "tabs",
                E,
                None,
                "a tab group with only `# [HTTP](#tab/http)`",
            ),
            Code::TabsRepeated => ("tabs", E, None, "`#tab/java` twice in one group"),
            Code::TabsUnclosed => (
                "tabs",
                E,
                None,
                "a tab group with no `---` after its last tab",
            ),
            Code::TabsOutsideExamples => {
                ("tabs", W, None, "an HTTP tab group under `## Request body`")
            }
            Code::TableMissingProperty => (
                "table",
                E,
                None,
                "`mail` in the resource block, not in Properties",
            ),
            Code::TableExtraProperty => (
                "table",
                W,
                None,
                "a Properties row the resource block lacks",
            ),
            Code::TableCollectionMismatch => (
                "table",
                E,
                Some("ExpectedArrayValue"),
                "`String collection` in the table, `\"String\"` in the block",
            ),
            Code::TableTypeDrift => (
                "table",
                W,
                Some("ExpectedTypeDifferent"),
                "`Int32` in the table, `\"String\"` in the block",
            ),
            Code::RequestBaseUrl => (
                "request",
                E,
                None,
                "`GET https://graph.microsoft.us/v1.0/me`",
            ),
            Code::RequestMethod => (
                "request",
                E,
                Some("InvalidHttpMethod"),
                "`FETCH https://graph.microsoft.com/v1.0/me`",
            ),
            Code::RequestUrlTooLong => (
                "request",
                E,
                Some("UrlLengthExceedsMaximum"),
                "a request URL of 3,000 characters",
            ),
            Code::UnusedSuppression => (
                "config",
                W,
                None,
                "a suppression that silences nothing (`--list-suppressions`)",
            ),
        };
        CodeInfo {
            family,
            severity,
            api_doctor,
            example,
        }
    }
}
