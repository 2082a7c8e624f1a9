//! `jindu init DIR`: a new site with one sample task, period and progress entry, which
//! checks and builds as it is, so an office starts from something that works.

use crate::error::{Error, Result};
use crate::fsx;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "jindu.yaml",
        "# Site settings; see docs/content-format.md in the jindu repository.\ntitle: 重点工作任务进展情况\n# base_url: https://www.example.gov.cn/jindu/\nlanguage: zh-CN\ntheme: default\n",
    ),
    (
        "content/periods.yaml",
        "# Reporting periods; their order is the timeline.\n- id: 2024-h1\n  title: 2024年上半年\n  start: 2024-01-01\n  end: 2024-06-30\n",
    ),
    (
        "content/tasks/sample.md",
        "---\ntitle: 完成全区老旧小区改造15个。\nplan: 2024年区政府重点工作\nsection: 一、民生保障类\nnumber: 1\nleaders: [张三]\nlead_unit: 区住房城乡建设局\nunits: [区住房城乡建设局, 区财政局]\nowners: [李四, 王五]\ndeadline: 2024年12月底\n---\n完成全区老旧小区改造15个，同步完善水、电、燃气等配套设施。\n",
    ),
    (
        "content/progress/2024-h1/sample.md",
        "---\ntask: sample\nperiod: 2024-h1\nstatus: 按进度完成\nupdated: 2024-07-05\n---\n已完成改造8个，其余7个正在施工。\n",
    ),
    (
        "content/leaders.yaml",
        "# Optional: leaders' roles and other spellings.\n- name: 张三\n  role: 副区长\n",
    ),
    (".gitignore", "/output/\n"),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<Vec<String>> {
    if fsx::exists(dir) && !fsx::list_dir(dir)?.is_empty() {
        return Err(Error::Usage(format!(
            "{} is not empty; `jindu init` only creates new sites",
            dir.display()
        )));
    }
    for (rel, text) in FILES {
        fsx::write_new(&dir.join(rel), text.as_bytes())?;
    }
    Ok(FILES.iter().map(|(r, _)| r.to_string()).collect())
}
