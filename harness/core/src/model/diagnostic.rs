//! What the static checks say about the docs: located diagnostics with a severity and a
//! stable code.

use serde::Serialize;

/// How serious a diagnostic is: errors fail `lint`, warnings only inform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something exemplar read by tolerating it, or that looks unintended.
    Warning,
    /// Something that stops an example from being read or paired as its author meant.
    Error,
}

impl Severity {
    /// `error` or `warning`, as every output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The stable code of a diagnostic, rendered kebab-case (`unclosed-fence`) wherever it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// `unknown-block-type`.
    UnknownBlockType,
    /// `annotation-without-fence`.
    AnnotationWithoutFence,
    /// `lenient-metadata`.
    LenientMetadata,
    /// `invalid-metadata`.
    InvalidMetadata,
    /// `lenient-body`.
    LenientBody,
    /// `invalid-body`.
    InvalidBody,
    /// `lenient-http`.
    LenientHttp,
    /// `request-missing-method`.
    RequestMissingMethod,
    /// `request-missing-url`.
    RequestMissingUrl,
    /// `response-missing-status`.
    ResponseMissingStatus,
    /// `response-holds-request`.
    ResponseHoldsRequest,
    /// `response-without-request`.
    ResponseWithoutRequest,
    /// `duplicate-response`.
    DuplicateResponse,
    /// `request-without-response`.
    RequestWithoutResponse,
    /// `response-name-unmatched`.
    ResponseNameUnmatched,
    /// `duplicate-name`.
    DuplicateName,
    /// `unclosed-fence`.
    UnclosedFence,
    /// `not-utf8`.
    NotUtf8,
    /// `binary-file`.
    BinaryFile,
    /// `file-too-large`.
    FileTooLarge,
    /// `content-length-mismatch`.
    ContentLengthMismatch,
    /// `reason-phrase-mismatch`.
    ReasonPhraseMismatch,
    /// `empty-block`.
    EmptyBlock,
    /// `body-on-no-content`.
    BodyOnNoContent,
    /// `conflicting-examples`.
    ConflictingExamples,
    /// `schema-wrong-type`.
    SchemaWrongType,
    /// `schema-unknown-member`.
    SchemaUnknownMember,
    /// `schema-not-nullable`.
    SchemaNotNullable,
    /// `schema-unknown-type`.
    SchemaUnknownType,
    /// `schema-not-derived`.
    SchemaNotDerived,
    /// `schema-unknown-property`.
    SchemaUnknownProperty,
    /// `schema-not-expanded`.
    SchemaNotExpanded,
    /// `schema-missing-property`.
    SchemaMissingProperty,
    /// `schema-unreadable-type`.
    SchemaUnreadableType,
    /// `resource-not-in-metadata`.
    ResourceNotInMetadata,
    /// `resource-type-differs`.
    ResourceTypeDiffers,
    /// `config-invalid`.
    ConfigInvalid,
    /// `link-missing-file`.
    LinkMissingFile,
    /// `link-missing-anchor`.
    LinkMissingAnchor,
    /// `link-undefined-reference`.
    LinkUndefinedReference,
    /// `link-case`.
    LinkCase,
    /// `link-backslash`.
    LinkBackslash,
    /// `front-matter-missing`.
    FrontMatterMissing,
    /// `front-matter-invalid`.
    FrontMatterInvalid,
    /// `front-matter-missing-key`.
    FrontMatterMissingKey,
    /// `front-matter-unknown-doc-type`.
    FrontMatterUnknownDocType,
    /// `outline-missing-heading`.
    OutlineMissingHeading,
    /// `outline-heading-case`.
    OutlineHeadingCase,
    /// `outline-heading-order`.
    OutlineHeadingOrder,
    /// `tabs-http-not-first`.
    TabsHttpNotFirst,
    /// `tabs-single`.
    TabsSingle,
    /// `tabs-repeated`.
    TabsRepeated,
    /// `tabs-unclosed`.
    TabsUnclosed,
    /// `tabs-outside-examples`.
    TabsOutsideExamples,
    /// `table-missing-property`.
    TableMissingProperty,
    /// `table-extra-property`.
    TableExtraProperty,
    /// `table-collection-mismatch`.
    TableCollectionMismatch,
    /// `table-type-drift`.
    TableTypeDrift,
    /// `table-enum-no-members`.
    TableEnumNoMembers,
    /// `table-enum-missing-member`.
    TableEnumMissingMember,
    /// `table-enum-extra-member`.
    TableEnumExtraMember,
    /// `table-csdl-missing-property`.
    TableCsdlMissingProperty,
    /// `table-csdl-extra-property`.
    TableCsdlExtraProperty,
    /// `table-csdl-collection-mismatch`.
    TableCsdlCollectionMismatch,
    /// `table-csdl-type-drift`.
    TableCsdlTypeDrift,
    /// `request-base-url`.
    RequestBaseUrl,
    /// `request-method`.
    RequestMethod,
    /// `request-url-too-long`.
    RequestUrlTooLong,
    /// `unused-suppression`.
    UnusedSuppression,
    /// `table-placeholder-description`.
    TablePlaceholderDescription,
}

impl Code {
    /// Every code.
    pub const ALL: [Code; 70] = [
        Code::UnknownBlockType,
        Code::AnnotationWithoutFence,
        Code::LenientMetadata,
        Code::InvalidMetadata,
        Code::LenientBody,
        Code::InvalidBody,
        Code::LenientHttp,
        Code::RequestMissingMethod,
        Code::RequestMissingUrl,
        Code::ResponseMissingStatus,
        Code::ResponseHoldsRequest,
        Code::ResponseWithoutRequest,
        Code::DuplicateResponse,
        Code::RequestWithoutResponse,
        Code::ResponseNameUnmatched,
        Code::DuplicateName,
        Code::UnclosedFence,
        Code::NotUtf8,
        Code::BinaryFile,
        Code::FileTooLarge,
        Code::ContentLengthMismatch,
        Code::ReasonPhraseMismatch,
        Code::EmptyBlock,
        Code::BodyOnNoContent,
        Code::ConflictingExamples,
        Code::SchemaWrongType,
        Code::SchemaUnknownMember,
        Code::SchemaNotNullable,
        Code::SchemaUnknownType,
        Code::SchemaNotDerived,
        Code::SchemaUnknownProperty,
        Code::SchemaNotExpanded,
        Code::SchemaMissingProperty,
        Code::SchemaUnreadableType,
        Code::ResourceNotInMetadata,
        Code::ResourceTypeDiffers,
        Code::ConfigInvalid,
        Code::LinkMissingFile,
        Code::LinkMissingAnchor,
        Code::LinkUndefinedReference,
        Code::LinkCase,
        Code::LinkBackslash,
        Code::FrontMatterMissing,
        Code::FrontMatterInvalid,
        Code::FrontMatterMissingKey,
        Code::FrontMatterUnknownDocType,
        Code::OutlineMissingHeading,
        Code::OutlineHeadingCase,
        Code::OutlineHeadingOrder,
        Code::TabsHttpNotFirst,
        Code::TabsSingle,
        Code::TabsRepeated,
        Code::TabsUnclosed,
        Code::TabsOutsideExamples,
        Code::TableMissingProperty,
        Code::TableExtraProperty,
        Code::TableCollectionMismatch,
        Code::TableTypeDrift,
        Code::TableEnumNoMembers,
        Code::TableEnumMissingMember,
        Code::TableEnumExtraMember,
        Code::TableCsdlMissingProperty,
        Code::TableCsdlExtraProperty,
        Code::TableCsdlCollectionMismatch,
        Code::TableCsdlTypeDrift,
        Code::RequestBaseUrl,
        Code::RequestMethod,
        Code::RequestUrlTooLong,
        Code::UnusedSuppression,
        Code::TablePlaceholderDescription,
    ];

    /// The code as written in reports: `unclosed-fence`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnknownBlockType => "unknown-block-type",
            Code::AnnotationWithoutFence => "annotation-without-fence",
            Code::LenientMetadata => "lenient-metadata",
            Code::InvalidMetadata => "invalid-metadata",
            Code::LenientBody => "lenient-body",
            Code::InvalidBody => "invalid-body",
            Code::LenientHttp => "lenient-http",
            Code::RequestMissingMethod => "request-missing-method",
            Code::RequestMissingUrl => "request-missing-url",
            Code::ResponseMissingStatus => "response-missing-status",
            Code::ResponseHoldsRequest => "response-holds-request",
            Code::ResponseWithoutRequest => "response-without-request",
            Code::DuplicateResponse => "duplicate-response",
            Code::RequestWithoutResponse => "request-without-response",
            Code::ResponseNameUnmatched => "response-name-unmatched",
            Code::DuplicateName => "duplicate-name",
            Code::UnclosedFence => "unclosed-fence",
            Code::NotUtf8 => "not-utf8",
            Code::BinaryFile => "binary-file",
            Code::FileTooLarge => "file-too-large",
            Code::ContentLengthMismatch => "content-length-mismatch",
            Code::ReasonPhraseMismatch => "reason-phrase-mismatch",
            Code::EmptyBlock => "empty-block",
            Code::BodyOnNoContent => "body-on-no-content",
            Code::ConflictingExamples => "conflicting-examples",
            Code::SchemaWrongType => "schema-wrong-type",
            Code::SchemaUnknownMember => "schema-unknown-member",
            Code::SchemaNotNullable => "schema-not-nullable",
            Code::SchemaUnknownType => "schema-unknown-type",
            Code::SchemaNotDerived => "schema-not-derived",
            Code::SchemaUnknownProperty => "schema-unknown-property",
            Code::SchemaNotExpanded => "schema-not-expanded",
            Code::SchemaMissingProperty => "schema-missing-property",
            Code::SchemaUnreadableType => "schema-unreadable-type",
            Code::ResourceNotInMetadata => "resource-not-in-metadata",
            Code::ResourceTypeDiffers => "resource-type-differs",
            code => code.info().name,
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One finding of the static checks, located in a doc file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The doc path as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `unclosed-fence`.
    pub code: Code,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The source line the diagnostic points at, for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
}
