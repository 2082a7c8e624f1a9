//! Render stage: Site → output files, in memory. The work is split into independent jobs
//! (one per page) so they can be rendered in parallel and in bounded batches; each job's
//! bytes depend only on the site and the theme, so the result is the same whatever the
//! thread count or the order jobs finish in.

pub mod markdown;
pub mod routes;
pub mod templates;
pub mod views;

use crate::error::Result;
use crate::loader::theme::Theme;
use crate::model::*;
use routes::{Routes, percent_encode};
use templates::Templates;
use views::Views;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated, made only by [`routes`].
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// One unit of rendering work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// index.html.
    Index,
    /// A plan page.
    Plan(PlanIdx),
    /// A task page.
    Task(TaskIdx),
    /// A leader page.
    Leader(LeaderIdx),
    /// A unit page.
    Unit(UnitIdx),
    /// A period page.
    Period(PeriodIdx),
    /// A period's printable table of one plan.
    Table(PeriodIdx, PlanIdx),
    /// The entries of one leader's tasks (None: without a leader) in a split period.
    PeriodLeader(PeriodIdx, Option<LeaderIdx>),
    /// The changes of one plan in a split period.
    PeriodChanges(PeriodIdx, PlanIdx),
    /// 404.html.
    NotFound,
    /// sitemap.xml (0; only with a base_url), and when the site has more pages than one
    /// sitemap may list, the numbered sitemaps it indexes (1, 2, …).
    Sitemap(usize),
    /// robots.txt.
    Robots,
    /// A theme asset, by index in the theme's asset list.
    Asset(usize),
    /// The search page.
    SearchPage,
    /// search/meta.js.
    SearchMeta,
    /// A postings shard.
    SearchShard(usize),
    /// A large posting in a file of its own.
    SearchPosting(usize),
    /// The facet values of a block of search documents.
    SearchFacets(usize),
    /// The documents of a listed value (status, period, plan).
    SearchLabel(usize),
    /// A search document's display record (documents are tasks in rank order).
    SearchDoc(usize),
}

/// Renders pages of one site with one theme.
pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    routes: Routes,
    templates: Templates,
    /// Each task's row with its latest status ([`views::TaskRow`]), rendered once for all
    /// the leader, unit and plan pages that list it.
    latest_rows: Vec<String>,
    /// Built on first use ([`Renderer::build_search`]), so that the output stage can build
    /// it while pages render: nothing but the search files needs it.
    search: std::sync::OnceLock<crate::search::SearchFiles>,
    /// Whether the site has search (the search page, its index files, the search box).
    has_search: bool,
}

impl<'a> Renderer<'a> {
    /// Prepares routes and compiles templates.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Self> {
        use rayon::prelude::*;
        let templates = Templates::new(&theme.templates, &theme.strings)?;
        let routes = Routes::new(site);
        let latest_rows = {
            let v = Views {
                site,
                routes: &routes,
                strings: &theme.strings,
                templates: &templates,
                latest_rows: &[],
                has_search: true,
            };
            // Any page one folder deep: the rows' links are relative to its folder.
            (0..site.tasks.len())
                .into_par_iter()
                .map(|t| {
                    // Kept for the whole build (one per task), so not with the spare
                    // room of the buffer it was rendered in.
                    v.task_row_html("leaders/_.html", t, None).map(|mut row| {
                        row.shrink_to_fit();
                        row
                    })
                })
                .collect::<Result<_>>()?
        };
        Ok(Renderer {
            site,
            theme,
            routes,
            templates,
            latest_rows,
            search: std::sync::OnceLock::new(),
            has_search: true,
        })
    }

    /// The same site without search: no search page, no index files, and pages get
    /// `common.search` false (the default theme then leaves out the search box).
    pub fn without_search(mut self) -> Self {
        self.has_search = false;
        self
    }

    /// Whether the site has search ([`Renderer::without_search`]).
    pub fn has_search(&self) -> bool {
        self.has_search
    }

    /// Builds the search index, once.
    pub fn build_search(&self) -> Result<&crate::search::SearchFiles> {
        if let Some(s) = self.search.get() {
            return Ok(s);
        }
        let built = crate::search::SearchFiles::new(crate::search::Index::build(self.site)?);
        Ok(self.search.get_or_init(|| built))
    }

    /// Every job of the site, in a fixed order (builds the search index).
    pub fn jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = self.page_jobs();
        jobs.extend(self.search_jobs()?);
        Ok(jobs)
    }

    /// The jobs that do not need the search index: every page, the theme's assets.
    pub fn page_jobs(&self) -> Vec<Job> {
        let s = self.site;
        let mut jobs = vec![Job::Index, Job::NotFound, Job::Robots];
        if s.config.base_url.is_some() {
            let files = sitemap_parts(self.sitemap_paths().len(), SITEMAP_URLS);
            jobs.extend((0..files).map(Job::Sitemap));
        }
        jobs.extend(
            self.theme
                .assets
                .keys()
                .enumerate()
                .filter(|(_, name)| self.has_search || name.as_str() != "search.js")
                .map(|(i, _)| Job::Asset(i)),
        );
        jobs.extend((0..s.plans.len()).map(Job::Plan));
        jobs.extend((0..s.periods.len()).map(Job::Period));
        for (i, p) in s.periods.iter().enumerate() {
            jobs.extend(p.changes.iter().map(|c| Job::Table(i, c.plan)));
            jobs.extend(self.period_part_jobs(i));
        }
        jobs.extend((0..s.leaders.len()).map(Job::Leader));
        jobs.extend((0..s.units.len()).map(Job::Unit));
        jobs.extend((0..s.tasks.len()).map(Job::Task));
        if self.has_search {
            jobs.push(Job::SearchPage);
        }
        jobs
    }

    /// The search index files (builds the index).
    pub fn search_jobs(&self) -> Result<Vec<Job>> {
        let search = self.build_search()?;
        let mut jobs = vec![Job::SearchMeta];
        jobs.extend((0..search.shard_count()).map(Job::SearchShard));
        jobs.extend((0..search.posting_count()).map(Job::SearchPosting));
        jobs.extend((0..search.block_count()).map(Job::SearchFacets));
        jobs.extend((0..search.label_count()).map(Job::SearchLabel));
        jobs.extend((0..search.doc_count()).map(Job::SearchDoc));
        Ok(jobs)
    }

    /// The routes of the site.
    pub fn routes(&self) -> &Routes {
        &self.routes
    }

    /// Renders one job.
    pub fn render(&self, job: Job) -> Result<OutputFile> {
        let v = Views {
            site: self.site,
            routes: &self.routes,
            strings: &self.theme.strings,
            templates: &self.templates,
            latest_rows: &self.latest_rows,
            has_search: self.has_search,
        };
        let r = &self.routes;
        let page = |path: &str, html: Result<Vec<u8>>| -> Result<OutputFile> {
            Ok(OutputFile {
                path: path.to_string(),
                bytes: html?,
            })
        };
        let t = &self.templates;
        match job {
            Job::Index => page("index.html", t.render("index.html", &v.index())),
            Job::NotFound => page("404.html", t.render("404.html", &v.not_found())),
            Job::Plan(i) => page(&r.plans[i], t.render("plan.html", &v.plan(i)?)),
            Job::Task(i) => page(&r.tasks[i], t.render("task.html", &v.task(i))),
            Job::Leader(i) => page(&r.leaders[i], t.render("leader.html", &v.leader(i)?)),
            Job::Unit(i) => page(&r.units[i], t.render("unit.html", &v.unit(i)?)),
            Job::Period(i) => page(&r.periods[i], t.render("period.html", &v.period(i)?)),
            Job::Table(i, p) => page(&r.tables[i][&p], t.render("table.html", &v.table(i, p))),
            Job::PeriodLeader(i, l) => page(
                &r.part(i).leaders[&l],
                t.render("period_part.html", &v.period_leader(i, l)?),
            ),
            Job::PeriodChanges(i, p) => page(
                &r.part(i).changes[&p],
                t.render("period_part.html", &v.period_changes(i, p)),
            ),
            Job::Robots => {
                let mut s = String::from("User-agent: *\nAllow: /\n");
                if let Some(base) = &self.site.config.base_url {
                    s.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
                }
                Ok(OutputFile {
                    path: "robots.txt".into(),
                    bytes: s.into_bytes(),
                })
            }
            Job::Sitemap(n) => {
                let base = self.site.config.base_url.as_deref().unwrap_or("");
                let (path, text) = sitemap_file(&self.sitemap_paths(), base, SITEMAP_URLS, n);
                Ok(OutputFile {
                    path,
                    bytes: text.into_bytes(),
                })
            }
            Job::SearchPage => page("search.html", t.render("search.html", &v.search())),
            Job::SearchMeta => Ok(self.build_search()?.meta_file(self.site, &self.routes)),
            Job::SearchShard(n) => Ok(self.build_search()?.shard_file(n)),
            Job::SearchPosting(n) => Ok(self.build_search()?.posting_file(n)),
            Job::SearchFacets(b) => Ok(self.build_search()?.facet_file(self.site, b)),
            Job::SearchLabel(n) => Ok(self.build_search()?.label_file(n)),
            Job::SearchDoc(i) => Ok(self.build_search()?.doc_file(self.site, &self.routes, i)),
            Job::Asset(i) => {
                let (name, bytes) = self
                    .theme
                    .assets
                    .iter()
                    .nth(i)
                    .expect("asset job from jobs()");
                Ok(OutputFile {
                    path: name.clone(),
                    bytes: bytes.clone(),
                })
            }
        }
    }

    /// The pages of period `i` beside its own when it is split (none otherwise): each
    /// leader's entries, then the changes of each plan that has some.
    fn period_part_jobs(&self, i: PeriodIdx) -> Vec<Job> {
        let p = &self.site.periods[i];
        let Some(parts) = &self.routes.period_parts[i] else {
            return Vec::new();
        };
        let changed = p
            .changes
            .iter()
            .filter(|c| parts.changes.contains_key(&c.plan));
        p.by_leader
            .iter()
            .map(|g| Job::PeriodLeader(i, g.leader))
            .chain(changed.map(|c| Job::PeriodChanges(i, c.plan)))
            .collect()
    }

    /// Every page a sitemap lists, in a fixed order: the home page, plans, periods and the
    /// pages of split periods, leaders, units, tasks.
    fn sitemap_paths(&self) -> Vec<&str> {
        let r = &self.routes;
        let parts: Vec<&str> = (0..self.site.periods.len())
            .flat_map(|i| self.period_part_jobs(i))
            .filter_map(|j| match j {
                Job::PeriodLeader(i, l) => Some(r.part(i).leaders[&l].as_str()),
                Job::PeriodChanges(i, p) => Some(r.part(i).changes[&p].as_str()),
                _ => None,
            })
            .collect();
        std::iter::once("index.html")
            .chain(r.plans.iter().map(String::as_str))
            .chain(r.periods.iter().map(String::as_str))
            .chain(parts)
            .chain(r.leaders.iter().map(String::as_str))
            .chain(r.units.iter().map(String::as_str))
            .chain(r.tasks.iter().map(String::as_str))
            .collect()
    }
}

/// The most URLs one sitemap may list (sitemaps.org; search engines ignore the rest).
/// 50,000 URLs of this site stay far below the protocol's other limit, 50 MB.
pub const SITEMAP_URLS: usize = 50_000;

/// How many sitemap files `urls` pages need: one, or an index and its parts.
fn sitemap_parts(urls: usize, limit: usize) -> usize {
    if urls <= limit {
        1
    } else {
        1 + urls.div_ceil(limit)
    }
}

/// Sitemap file `n` of a site at `base` with `paths` ([`sitemap_parts`] says how many
/// there are): `sitemap.xml` lists every page, or when they are more than `limit`, indexes
/// `sitemap-1.xml`, `sitemap-2.xml`, … that list `limit` each. robots.txt names
/// `sitemap.xml` either way.
fn sitemap_file(paths: &[&str], base: &str, limit: usize, n: usize) -> (String, String) {
    let loc = |s: &mut String, path: &str| {
        s.push_str("<loc>");
        s.push_str(&templates::escape_html(&format!(
            "{base}{}",
            percent_encode(path)
        )));
        s.push_str("</loc>");
    };
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if n == 0 && paths.len() > limit {
        s.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for k in 1..sitemap_parts(paths.len(), limit) {
            s.push_str("  <sitemap>");
            loc(&mut s, &format!("sitemap-{k}.xml"));
            s.push_str("</sitemap>\n");
        }
        s.push_str("</sitemapindex>\n");
        return ("sitemap.xml".into(), s);
    }
    let (path, listed) = match n {
        0 => ("sitemap.xml".to_string(), paths),
        k => {
            let from = (k - 1) * limit;
            let to = (from + limit).min(paths.len());
            (format!("sitemap-{k}.xml"), &paths[from..to])
        }
    };
    s.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in listed {
        s.push_str("  <url>");
        loc(&mut s, p);
        s.push_str("</url>\n");
    }
    s.push_str("</urlset>\n");
    (path, s)
}

/// Renders the whole site to memory (for tests and small sites; `build` streams in
/// batches instead to bound memory).
pub fn render_all(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    use rayon::prelude::*;
    let r = Renderer::new(site, theme)?;
    let mut files: Vec<OutputFile> = r
        .jobs()?
        .into_par_iter()
        .map(|j| r.render(j))
        .collect::<Result<_>>()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `<loc>` values of a sitemap file, in order.
    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .map(|s| &s[..s.find("</loc>").unwrap()])
            .collect()
    }

    #[test]
    fn a_site_within_the_limit_has_one_sitemap() {
        let paths = ["index.html", "tasks/a.html"];
        assert_eq!(sitemap_parts(2, 2), 1);
        let (path, xml) = sitemap_file(&paths, "https://x.cn/", 2, 0);
        assert_eq!(path, "sitemap.xml");
        assert!(xml.contains("<urlset "));
        assert_eq!(
            locs(&xml),
            ["https://x.cn/index.html", "https://x.cn/tasks/a.html"]
        );
    }

    #[test]
    fn more_pages_than_one_sitemap_may_list_get_an_index_and_parts_listing_each_once() {
        let paths = ["index.html", "a.html", "b.html", "c.html", "tasks/王.html"];
        let files = sitemap_parts(paths.len(), 2);
        assert_eq!(files, 4, "the index and three parts of at most two");
        let (path, index) = sitemap_file(&paths, "https://x.cn/s/", 2, 0);
        assert_eq!(path, "sitemap.xml");
        assert!(index.contains("<sitemapindex "), "{index}");
        assert_eq!(
            locs(&index),
            [
                "https://x.cn/s/sitemap-1.xml",
                "https://x.cn/s/sitemap-2.xml",
                "https://x.cn/s/sitemap-3.xml"
            ]
        );
        let mut listed = Vec::new();
        for n in 1..files {
            let (path, xml) = sitemap_file(&paths, "https://x.cn/s/", 2, n);
            assert_eq!(path, format!("sitemap-{n}.xml"));
            assert!(xml.contains("<urlset ") && locs(&xml).len() <= 2);
            listed.extend(locs(&xml).into_iter().map(String::from));
        }
        let want: Vec<String> = paths
            .iter()
            .map(|p| format!("https://x.cn/s/{}", percent_encode(p)))
            .collect();
        assert_eq!(listed, want);
    }
}
