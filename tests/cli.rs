//! The `herald` binary: exit codes, messages, `init`.

mod common;

use common::{SiteTest, page};

#[test]
fn build_prints_a_summary_and_exits_0() {
    let t = SiteTest::new();
    let run = t.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("built 2 pages (1 en, 1 vi)"),
        "{}",
        run.stdout
    );
    assert!(t.exists("vi/index.html"));
}

#[test]
fn content_errors_exit_1_and_are_all_reported_rustc_style() {
    let t = SiteTest::new();
    t.file("content/news/a.vi.md", "---\ntitle: A\ntitel: x\n---\n")
        .file(
            "content/news/b.en.md",
            "---\ntitle: B\nweight: heavy\n---\n",
        );
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[front-matter]: unknown field `titel`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/news/a.vi.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 | titel: x"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `title`?"));
    assert!(
        run.stderr.contains("content/news/b.en.md:3:9"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("build failed: 2 error(s)"));
    assert!(!t.exists("vi/index.html"));
}

#[test]
fn usage_errors_exit_2() {
    let t = SiteTest::new();
    assert_eq!(t.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(t.run(&["frobnicate"]).code, 2);
    let run = t.run(&["build", "--now", "tomorrow"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("RFC 3339"));
}

#[test]
fn build_outside_a_site_says_what_to_do() {
    let t = SiteTest::empty();
    std::fs::create_dir_all(t.root()).unwrap();
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("herald.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("herald init"), "{}", run.stderr);
}

#[test]
fn output_and_root_flags() {
    let t = SiteTest::new();
    let out = t.outside().join("www");
    let run = t.run(&[
        "build",
        "--root",
        t.root().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("en/news/welcome/index.html").is_file());
}

#[test]
fn output_folder_may_not_be_a_source_folder() {
    let t = SiteTest::new();
    let run = t.run(&["build", "--output", "content"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
    assert!(t.root().join("content/_index.vi.md").is_file());
}

#[test]
fn drafts_flag_publishes_drafts() {
    let t = SiteTest::new();
    t.file(
        "content/news/d.vi.md",
        &page("title: Nháp\ndraft: true", "x"),
    );
    let run = t.run(&["build"]);
    assert!(
        run.stderr
            .contains("held back: content/news/d.vi.md (draft)"),
        "{}",
        run.stderr
    );
    assert!(!t.exists("vi/tin-tuc/d/index.html"));
    assert_eq!(t.run(&["build", "--drafts"]).code, 0);
    assert!(t.exists("vi/tin-tuc/d/index.html"));
}

#[test]
fn init_refuses_a_non_empty_folder_and_makes_a_buildable_site() {
    let t = SiteTest::empty();
    let dir = t.outside().join("new-site");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("herald.yaml"));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
        .args(["build", "--root", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

#[test]
fn a_new_site_in_git_shows_only_its_sources_after_a_build() {
    let t = SiteTest::empty();
    let dir = t.outside().join("in-git");
    let herald = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_herald"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    herald(&["init", dir.to_str().unwrap()]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("git runs (CI clones the repository with it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    herald(&["build", "--root", dir.to_str().unwrap()]);
    // What the build leaves beside the sources, so that ignoring it is what is tested.
    for written in ["public/vi/index.html", ".public.lock", ".herald-cache"] {
        assert!(dir.join(written).exists(), "{written}");
    }
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    let untracked: Vec<&str> = status
        .lines()
        .map(|l| l.trim_start_matches("?? "))
        .collect();
    assert!(untracked.contains(&"herald.yaml"), "{status}");
    assert!(untracked.contains(&".gitignore"), "{status}");
    assert!(
        untracked.iter().all(|p| !p.starts_with("public/")
            && !p.starts_with(".public")
            && !p.starts_with(".herald-cache")),
        "{status}"
    );
}
