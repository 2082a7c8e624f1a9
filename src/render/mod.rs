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
    /// sitemap.xml (only with a base_url).
    Sitemap,
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
}

impl<'a> Renderer<'a> {
    /// Prepares routes and compiles templates.
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Self> {
        use rayon::prelude::*;
        let templates = Templates::new(&theme.templates)?;
        let routes = Routes::new(site);
        let latest_rows = {
            let v = Views {
                site,
                routes: &routes,
                strings: &theme.strings,
                templates: &templates,
                latest_rows: &[],
            };
            // Any page one folder deep: the rows' links are relative to its folder.
            (0..site.tasks.len())
                .into_par_iter()
                .map(|t| v.task_row_html("leaders/_.html", t, None))
                .collect::<Result<_>>()?
        };
        Ok(Renderer {
            site,
            theme,
            routes,
            templates,
            latest_rows,
            search: std::sync::OnceLock::new(),
        })
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
            jobs.push(Job::Sitemap);
        }
        jobs.extend((0..self.theme.assets.len()).map(Job::Asset));
        jobs.extend((0..s.plans.len()).map(Job::Plan));
        jobs.extend((0..s.periods.len()).map(Job::Period));
        for (i, p) in s.periods.iter().enumerate() {
            jobs.extend(p.changes.iter().map(|c| Job::Table(i, c.plan)));
            if let Some(parts) = &self.routes.period_parts[i] {
                jobs.extend(p.by_leader.iter().map(|(l, _)| Job::PeriodLeader(i, *l)));
                let changed = p
                    .changes
                    .iter()
                    .filter(|c| parts.changes.contains_key(&c.plan));
                jobs.extend(changed.map(|c| Job::PeriodChanges(i, c.plan)));
            }
        }
        jobs.extend((0..s.leaders.len()).map(Job::Leader));
        jobs.extend((0..s.units.len()).map(Job::Unit));
        jobs.extend((0..s.tasks.len()).map(Job::Task));
        jobs.push(Job::SearchPage);
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
            Job::Sitemap => Ok(OutputFile {
                path: "sitemap.xml".into(),
                bytes: self.sitemap().into_bytes(),
            }),
            Job::SearchPage => page("search.html", t.render("search.html", &v.search())),
            Job::SearchMeta => Ok(self.build_search()?.meta_file(self.site)),
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

    fn sitemap(&self) -> String {
        let base = self.site.config.base_url.as_deref().unwrap_or("");
        let r = &self.routes;
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        // The parts of a split period, in job order (the HashMaps' order is not fixed).
        let parts: Vec<&str> = self
            .page_jobs()
            .into_iter()
            .filter_map(|j| match j {
                Job::PeriodLeader(i, l) => Some(r.part(i).leaders[&l].as_str()),
                Job::PeriodChanges(i, p) => Some(r.part(i).changes[&p].as_str()),
                _ => None,
            })
            .collect();
        let all = std::iter::once("index.html")
            .chain(r.plans.iter().map(String::as_str))
            .chain(r.periods.iter().map(String::as_str))
            .chain(parts)
            .chain(r.leaders.iter().map(String::as_str))
            .chain(r.units.iter().map(String::as_str))
            .chain(r.tasks.iter().map(String::as_str));
        for path in all {
            s.push_str("  <url><loc>");
            s.push_str(&templates::escape_html(&format!(
                "{base}{}",
                percent_encode(path)
            )));
            s.push_str("</loc></url>\n");
        }
        s.push_str("</urlset>\n");
        s
    }
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
