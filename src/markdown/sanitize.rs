//! What survives sanitising: the tags, attributes and classes ammonia lets through from
//! comrak's output. Everything else (scripts, event handlers, `javascript:` and `data:` URLs,
//! iframes, forms, styles, ids a post could steal) is dropped.

use std::sync::LazyLock;

use super::format::EXTERNAL_LINK_REL;

/// MathML elements that carry no behaviour, only layout.
const MATHML_TAGS: &[&str] = &[
    "math",
    "annotation",
    "semantics",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "merror",
    "mmultiscripts",
    "mprescripts",
    "none",
];

const MATHML_ATTRIBUTES: &[&str] = &[
    "display",
    "displaystyle",
    "scriptlevel",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "linethickness",
    "columnalign",
    "rowalign",
    "columnspan",
    "rowspan",
    "width",
    "height",
    "depth",
    "voffset",
    "form",
    "largeop",
    "movablelimits",
    "symmetric",
    "minsize",
    "maxsize",
    "encoding",
    "mathsize",
    "mathcolor",
];

/// Classes our stylesheet knows; every other class is dropped. syntect labels every scope
/// atom (`hl-meta hl-qualified-name hl-python`…); keeping only the styled ones shrinks code
/// blocks several times over.
fn allowed_class(class: &str) -> bool {
    matches!(
        class,
        "hl-keyword"
            | "hl-storage"
            | "hl-string"
            | "hl-comment"
            | "hl-constant"
            | "hl-support"
            | "hl-entity"
            | "hl-type"
            | "mention"
            | "math-error"
            | "scroll-x"
            | "display-math"
            | "footnotes"
            | "footnote-ref"
            | "footnote-backref"
            | "task-list-item"
            | "contains-task-list"
            | "poll"
    )
}

pub(super) static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(policy);

/// The allow-list: what [`SANITIZER`] keeps, built afresh for a variant of it (feeds make
/// relative links absolute with the same list).
pub(super) fn policy() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(MATHML_TAGS)
        .add_tags(["input", "section"])
        .add_generic_attributes(["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("a", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("img", ["width", "height"])
        .add_tag_attributes("a", ["rel"])
        // Task-list boxes show state; they are never a form control a reader can change:
        // comrak marks them `disabled` (kept by the filter below; a test holds it to that). A
        // form control needs a name (WCAG 4.1.2): screen readers say "Task, checkbox, checked"
        // and then read the item's text. (Only one attribute is set here: ammonia adds set
        // attributes in hash order, which would make the output differ from run to run.)
        .set_tag_attribute_value("input", "aria-label", "Task")
        // Code blocks scroll sideways, so they must take keyboard focus (see SCROLL_BOX).
        .set_tag_attribute_value("pre", "tabindex", "0")
        .add_tag_attributes("div", ["tabindex", "data-poll"])
        .add_tag_attributes("span", ["tabindex"])
        // The formatter gives external links their `rel` (see `is_external`); every other `rel`
        // is dropped below.
        .link_rel(None)
        .attribute_filter(|element, attribute, value| {
            match (element, attribute) {
                (_, "class") => {
                    let kept: Vec<&str> = value
                        .split_whitespace()
                        .filter(|c| allowed_class(c))
                        .collect();
                    (!kept.is_empty()).then(|| kept.join(" ").into())
                }
                // Only comrak's scoped footnote ids survive, so a post cannot steal a page id.
                (_, "id") => {
                    (value.starts_with("fn-") || value.starts_with("fnref-")).then(|| value.into())
                }
                ("input", "type") => (value == "checkbox").then(|| value.into()),
                ("input", "disabled") => Some("".into()),
                ("a", "rel") => (value == EXTERNAL_LINK_REL).then(|| value.into()),
                // Focusable in reading order only; a post cannot reorder the page's tab stops.
                ("div" | "span", "tabindex") => (value == "0").then(|| value.into()),
                _ => Some(value.into()),
            }
        });
    for tag in MATHML_TAGS {
        builder.add_tag_attributes(tag, MATHML_ATTRIBUTES);
    }
    builder
}
