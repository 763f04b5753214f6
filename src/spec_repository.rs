//! Reading a checkout of a SPEC repository (the layout of `scientific-python/specs`): each
//! `spec-NNNN/index.md` is a proposal, each `core-projects/NAME.md` a core project, and both
//! say what they are in YAML front matter between two `---` lines. This module only reads:
//! it turns files into [`SpecDocument`]s and [`CoreProjectFile`]s, and every file it cannot
//! read into a [`FileProblem`] naming the file and line, so an import reports it and goes on
//! with the rest (`services::spec_import` writes what was read).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

/// Front matter longer than this is refused unread: real files have a few hundred bytes, and
/// the YAML parser's nesting would make a hostile file costly.
pub const MAX_FRONT_MATTER_BYTES: usize = 16 * 1024;

/// A file that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    /// The file, relative to the repository.
    pub file: String,
    /// Its line (from 1), when one is at fault.
    pub line: Option<usize>,
    /// What is wrong, for a person.
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// A SPEC document's front matter and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecDocument {
    /// Its file, relative to the repository (`spec-0000/index.md`).
    pub file: String,
    /// Its directory's name (`spec-0000`), the last part of its published address.
    pub directory: String,
    /// Its number: `number:`, or the one its title starts with ("SPEC 0 — …").
    pub number: i32,
    /// Its title.
    pub title: String,
    /// When it was proposed.
    pub date: Option<NaiveDate>,
    /// Its authors' names (an `author:` of "Name <address>" gives the name).
    pub authors: Vec<String>,
    /// Its discussion's address.
    pub discussion: Option<String>,
    /// Handles of the core projects that endorsed it (`endorsed-by:`), and the line of each.
    pub endorsed_by: Vec<(String, usize)>,
    /// Still a draft (`draft: true`): accepted but not published.
    pub draft: bool,
    /// The Markdown after the front matter.
    pub body: String,
}

/// A core project's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreProjectFile {
    /// Its file, relative to the repository.
    pub file: String,
    /// Its handle: the file's name without `.md`.
    pub slug: String,
    /// Its name (`title:`).
    pub name: String,
    /// `homepage:`.
    pub homepage: Option<String>,
    /// `repository:`.
    pub repository: Option<String>,
    /// `pypi:`.
    pub package: Option<String>,
    /// `license-type:`.
    pub licence: Option<String>,
    /// `avatar:`.
    pub logo: Option<String>,
    /// `contact:`.
    pub contact: Option<String>,
}

/// Everything read from a repository.
#[derive(Debug, Default)]
pub struct Repository {
    /// Core projects, by file name.
    pub projects: Vec<CoreProjectFile>,
    /// SPECs, by directory name.
    pub specs: Vec<SpecDocument>,
    /// Files that could not be read.
    pub problems: Vec<FileProblem>,
}

/// Reads the repository checked out at `root`. Fails only when `root` is not a SPEC
/// repository at all (no `spec-*/index.md` and no `core-projects/`); a bad file is a
/// [`FileProblem`] and the rest are read.
pub fn read(root: &Path) -> anyhow::Result<Repository> {
    let mut repository = Repository::default();
    let mut spec_files = Vec::new();
    let mut project_files = Vec::new();
    let entries = std::fs::read_dir(root)
        .map_err(|e| anyhow::anyhow!("cannot read the directory {}: {e}", root.display()))?;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("spec-") && entry.path().join("index.md").is_file() {
            spec_files.push(PathBuf::from(&name).join("index.md"));
        }
    }
    let projects = root.join("core-projects");
    if projects.is_dir() {
        for entry in std::fs::read_dir(&projects)? {
            let path = entry?.path();
            let markdown = path.extension().is_some_and(|e| e == "md");
            let index = path
                .file_stem()
                .is_some_and(|s| s.to_string_lossy().starts_with('_'));
            if markdown && !index {
                let name = path.file_name().unwrap_or_default();
                project_files.push(PathBuf::from("core-projects").join(name));
            }
        }
    }
    if spec_files.is_empty() && project_files.is_empty() {
        anyhow::bail!(
            "{} is not a SPEC repository: it has no spec-*/index.md and no core-projects/*.md",
            root.display()
        );
    }
    spec_files.sort();
    project_files.sort();
    for relative in project_files {
        let file = relative.to_string_lossy().into_owned();
        match std::fs::read_to_string(root.join(&relative)) {
            Ok(text) => match core_project(&file, &text) {
                Ok(project) => repository.projects.push(project),
                Err(problem) => repository.problems.push(problem),
            },
            Err(e) => repository.problems.push(unreadable(&file, &e)),
        }
    }
    for relative in spec_files {
        let file = relative.to_string_lossy().into_owned();
        match std::fs::read_to_string(root.join(&relative)) {
            Ok(text) => match spec_document(&file, &text) {
                Ok(spec) => repository.specs.push(spec),
                Err(problem) => repository.problems.push(problem),
            },
            Err(e) => repository.problems.push(unreadable(&file, &e)),
        }
    }
    Ok(repository)
}

fn unreadable(file: &str, error: &std::io::Error) -> FileProblem {
    FileProblem {
        file: file.to_owned(),
        line: None,
        message: format!("cannot be read ({error}); is it UTF-8 text?"),
    }
}

/// Front matter: its YAML mapping, the text of its lines (to find a key's line), the line its
/// first key is on, and the Markdown after it.
struct FrontMatter<'a> {
    fields: yaml_rust2::yaml::Hash,
    yaml: &'a str,
    first_line: usize,
    body: &'a str,
}

impl FrontMatter<'_> {
    /// The line (from 1) of top-level `key:` in the file.
    fn line_of(&self, key: &str) -> usize {
        self.yaml
            .lines()
            .position(|line| {
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map_or(self.first_line, |at| self.first_line + at)
    }

    fn get(&self, key: &str) -> Option<&Yaml> {
        self.fields
            .get(&Yaml::String(key.to_owned()))
            .filter(|v| !matches!(v, Yaml::Null))
    }

    /// `key`'s text, if it is there; a number or a date is read as its text.
    fn text(&self, file: &str, key: &str) -> Result<Option<String>, FileProblem> {
        match self.get(key) {
            None => Ok(None),
            Some(Yaml::String(s) | Yaml::Real(s)) => {
                Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
            }
            Some(Yaml::Integer(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(self.problem(file, key, &format!("`{key}` should be text"))),
        }
    }

    /// `key` as a list of text: a list, or one text (a single author).
    fn list(&self, file: &str, key: &str) -> Result<Vec<String>, FileProblem> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Yaml::String(s)) => Ok(vec![s.trim().to_owned()]),
            Some(Yaml::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Yaml::String(s) => Ok(s.trim().to_owned()),
                    _ => Err(self.problem(file, key, &format!("each of `{key}` should be text"))),
                })
                .collect(),
            Some(_) => Err(self.problem(file, key, &format!("`{key}` should be a list"))),
        }
    }

    fn problem(&self, file: &str, key: &str, message: &str) -> FileProblem {
        FileProblem {
            file: file.to_owned(),
            line: Some(self.line_of(key)),
            message: message.to_owned(),
        }
    }
}

/// Splits `text` into its front matter and body, and parses the front matter.
fn front_matter<'a>(file: &str, text: &'a str) -> Result<FrontMatter<'a>, FileProblem> {
    let problem = |line: Option<usize>, message: &str| FileProblem {
        file: file.to_owned(),
        line,
        message: message.to_owned(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(problem(
            Some(1),
            "has no front matter: the file must begin with a line of three dashes (---)",
        ));
    };
    // The closing line: `---` (or YAML's `...`), alone.
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        if bare == "---" || bare == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return Err(problem(
            Some(text.lines().count().max(1)),
            "its front matter never ends: close it with a line of three dashes (---)",
        ));
    };
    let yaml = &rest[..yaml_end];
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(problem(
            Some(2),
            &format!(
                "its front matter is {} bytes; at most {MAX_FRONT_MATTER_BYTES} are read",
                yaml.len()
            ),
        ));
    }
    let documents = YamlLoader::load_from_str(yaml).map_err(|e| {
        problem(
            Some(1 + e.marker().line()),
            &format!("its front matter is not valid YAML: {}", e.info()),
        )
    })?;
    let fields = match documents.into_iter().next() {
        Some(Yaml::Hash(fields)) => fields,
        None => yaml_rust2::yaml::Hash::new(),
        Some(_) => {
            return Err(problem(
                Some(2),
                "its front matter should be a list of `key: value` lines",
            ));
        }
    };
    Ok(FrontMatter {
        fields,
        yaml,
        first_line: 2,
        body: &rest[body_start..],
    })
}

/// Reads a SPEC document.
pub fn spec_document(file: &str, text: &str) -> Result<SpecDocument, FileProblem> {
    let matter = front_matter(file, text)?;
    let title = matter.text(file, "title")?.ok_or_else(|| FileProblem {
        file: file.to_owned(),
        line: Some(matter.first_line),
        message: "has no `title`".to_owned(),
    })?;
    let number = match matter.get("number") {
        Some(Yaml::Integer(n)) => i32::try_from(*n).ok().filter(|n| *n >= 0),
        Some(_) => None,
        None => number_in_title(&title),
    }
    .ok_or_else(|| {
        matter.problem(
            file,
            if matter.get("number").is_some() {
                "number"
            } else {
                "title"
            },
            "has no number: give `number:` as a whole number, or start the title with \
             \"SPEC 7\"",
        )
    })?;
    let date = match matter.text(file, "date")? {
        None => None,
        Some(text) => Some(
            NaiveDate::parse_from_str(text.get(..10).unwrap_or(&text), "%Y-%m-%d").map_err(
                |_| matter.problem(file, "date", "`date` should be a date such as 2024-05-31"),
            )?,
        ),
    };
    let authors = matter
        .list(file, "author")?
        .into_iter()
        .map(|author| match author.split_once('<') {
            Some((name, _)) => name.trim().to_owned(),
            None => author,
        })
        .filter(|name| !name.is_empty())
        .collect();
    let endorsed_line = matter.line_of("endorsed-by");
    let endorsed_by = matter
        .list(file, "endorsed-by")?
        .into_iter()
        .enumerate()
        .map(|(at, slug)| (slug.to_lowercase(), endorsed_line + 1 + at))
        .collect();
    let draft = match matter.get("draft") {
        None => false,
        Some(Yaml::Boolean(draft)) => *draft,
        Some(_) => {
            return Err(matter.problem(file, "draft", "`draft` should be true or false"));
        }
    };
    let directory = file.split('/').next().unwrap_or(file).to_owned();
    Ok(SpecDocument {
        file: file.to_owned(),
        directory,
        number,
        title,
        date,
        authors,
        discussion: matter.text(file, "discussion")?,
        endorsed_by,
        draft,
        body: matter.body.trim().to_owned(),
    })
}

/// "SPEC 7 — Seeding…" gives 7.
fn number_in_title(title: &str) -> Option<i32> {
    let rest = title.trim().strip_prefix("SPEC")?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Reads a core project's file.
pub fn core_project(file: &str, text: &str) -> Result<CoreProjectFile, FileProblem> {
    let matter = front_matter(file, text)?;
    let slug = file
        .rsplit('/')
        .next()
        .and_then(|name| name.strip_suffix(".md"))
        .unwrap_or(file)
        .to_lowercase();
    let name = matter.text(file, "title")?.ok_or_else(|| FileProblem {
        file: file.to_owned(),
        line: Some(matter.first_line),
        message: "has no `title` (the project's name)".to_owned(),
    })?;
    Ok(CoreProjectFile {
        file: file.to_owned(),
        slug,
        name,
        homepage: matter.text(file, "homepage")?,
        repository: matter.text(file, "repository")?,
        package: matter.text(file, "pypi")?,
        licence: matter.text(file, "license-type")?,
        logo: matter.text(file, "avatar")?,
        contact: matter.text(file, "contact")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "---\ntitle: \"SPEC 0 — Minimum Supported Dependencies\"\ndate: 2020-12-17\nauthor:\n  - \"Ada Lindqvist <ada@example.org>\"\n  - \"Jun Wu\"\ndiscussion: https://discuss.example.org/t/spec-0/33\nendorsed-by:\n  - numpy\n  - SciPy\n---\n\n## Description\n\nDrop old versions.\n";

    #[test]
    fn a_spec_document_reads_its_front_matter_and_body() {
        let spec = spec_document("spec-0000/index.md", SPEC).expect("a valid SPEC");
        assert_eq!(spec.number, 0);
        assert_eq!(spec.title, "SPEC 0 — Minimum Supported Dependencies");
        assert_eq!(spec.date, NaiveDate::from_ymd_opt(2020, 12, 17));
        assert_eq!(spec.authors, ["Ada Lindqvist", "Jun Wu"]);
        assert_eq!(
            spec.endorsed_by,
            [("numpy".to_owned(), 9), ("scipy".to_owned(), 10)]
        );
        assert_eq!(spec.directory, "spec-0000");
        assert!(!spec.draft);
        assert!(spec.body.starts_with("## Description"));
    }

    #[test]
    fn a_number_may_be_given_and_overrides_the_title() {
        let text = "---\ntitle: Lazy loading\nnumber: 1\ndraft: true\nauthor: Jun Wu\n---\nText";
        let spec = spec_document("spec-0001/index.md", text).expect("a valid SPEC");
        assert_eq!((spec.number, spec.draft), (1, true));
        assert_eq!(spec.authors, ["Jun Wu"]);
    }

    #[test]
    fn a_bad_file_is_reported_with_its_line() {
        let cases = [
            ("no front matter", "# SPEC 3\n", 1, "three dashes"),
            ("never closed", "---\ntitle: SPEC 3\n", 2, "never ends"),
            (
                "bad YAML",
                "---\ntitle: SPEC 3\nauthor: [unclosed\ndate: 2020\n---\n",
                4,
                "not valid YAML",
            ),
            ("no number", "---\ntitle: Something\n---\n", 2, "no number"),
            (
                "bad date",
                "---\ntitle: SPEC 3\ndate: soon\n---\n",
                3,
                "should be a date",
            ),
            (
                "bad list",
                "---\ntitle: SPEC 3\nendorsed-by:\n  numpy: yes\n---\n",
                3,
                "should be a list",
            ),
            ("no title", "---\nnumber: 3\n---\n", 2, "no `title`"),
            ("a list", "---\n- one\n- two\n---\n", 2, "key: value"),
        ];
        for (case, text, line, words) in cases {
            let problem = spec_document("spec-0003/index.md", text).expect_err(case);
            assert_eq!(problem.line, Some(line), "{case}: {problem}");
            assert!(problem.message.contains(words), "{case}: {problem}");
        }
    }

    #[test]
    fn huge_front_matter_is_refused_unread() {
        let text = format!("---\ntitle: SPEC 3\nx: {}\n---\n", "[".repeat(20_000));
        let problem = spec_document("spec-0003/index.md", &text).expect_err("too long");
        assert!(problem.message.contains("at most"), "{problem}");
    }

    #[test]
    fn a_core_project_file_reads_its_links() {
        let text = "---\ntitle: \"NumPy\"\ndraft: false\navatar: https://example.org/numpy.png\nhomepage: https://numpy.org\nrepository: https://github.com/numpy/numpy\npypi: https://pypi.org/project/numpy\nlicense-type: 3-clause BSD\ncontact: someone\n---\n";
        let project = core_project("core-projects/numpy.md", text).expect("a valid project");
        assert_eq!(project.slug, "numpy");
        assert_eq!(project.name, "NumPy");
        assert_eq!(project.homepage.as_deref(), Some("https://numpy.org"));
        assert_eq!(project.licence.as_deref(), Some("3-clause BSD"));
        assert_eq!(
            project.logo.as_deref(),
            Some("https://example.org/numpy.png")
        );
    }
}
