//! Answers an analyst can trust (issue 11): no argument that names something
//! is silently empty, any record can be a subject, quotes are what they say
//! they are, and routes list by province. Each test runs the binary on the
//! embedded data and pins one failure the issue names.

mod common;

use common::{fails, ok};

/// The ids a CSV listing holds (its first column).
fn ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "csv", "--columns", "id"];
    all.extend_from_slice(args);
    ok(&all).lines().skip(1).map(str::to_string).collect()
}

#[test]
fn country_names_resolve_like_codes() {
    assert_eq!(
        ids(&["places", "--country", "China"]),
        ids(&["places", "--country", "CN"])
    );
    assert!(ids(&["places", "--country", "China"]).contains(&"dandong".to_string()));
    assert_eq!(
        ids(&["facilities", "--country", "Russia"]),
        ["russian-consulate-chongjin", "russian-embassy-pyongyang"]
    );
    assert_eq!(
        ids(&["leases", "--lessee-country", "China"]),
        ids(&["leases", "--lessee-country", "cn"])
    );
    assert_eq!(ids(&["leases", "--lessee-country", "PRC"]).len(), 3);
    assert_eq!(
        ids(&["routes", "--country", "Russia"]),
        ids(&["routes", "--country", "RU"])
    );
}

#[test]
fn an_unknown_country_is_an_error_with_candidates() {
    for args in [
        ["places", "--country", "XX"],
        ["facilities", "--country", "XX"],
        ["leases", "--lessee-country", "XX"],
        ["routes", "--country", "XX"],
        ["ports", "--country", "XX"],
    ] {
        let (code, err) = fails(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("no country"), "{args:?}: {err}");
        assert!(err.contains("places:china (China, CN)"), "{args:?}: {err}");
    }
    let (_, err) = fails(&["places", "--country", "Chna"]);
    assert!(err.contains("places:china"), "{err}");
    // A city is not a country.
    let (code, _) = fails(&["places", "--country", "Chongjin"]);
    assert_eq!(code, 1);
}

#[test]
fn a_name_of_another_table_is_not_taken_as_an_answer() {
    // `--source` names a source; a place of that name would match no citation.
    let (code, err) = fails(&["ports", "--source", "chongjin"]);
    assert_eq!(code, 1);
    assert!(err.contains("no record in sources matches"), "{err}");
    assert!(err.contains("places:chongjin (Chongjin)"), "{err}");
    // `--province` names a province.
    let (code, err) = fails(&["routes", "--province", "Chongjin"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("is a city (chongjin), not a province"),
        "{err}"
    );
    assert!(
        err.contains("north-pyongan (North Pyongan Province)"),
        "{err}"
    );
    let (code, _) = fails(&["ports", "--province", "Dandong"]);
    assert_eq!(code, 1);
}

#[test]
fn any_record_of_any_table_is_a_subject() {
    let by_id = ids(&["claims", "--subject", "chongjin-docks-3-4-lease"]);
    assert!(
        by_id.contains(&"claim-chongjin-piers-capacity-hankyoreh-700-tons".to_string()),
        "{by_id:?}"
    );
    assert_eq!(
        by_id,
        ids(&["claims", "--subject", "leases:chongjin-docks-3-4-lease"])
    );
    // A route by name, an event, a facility, a population figure.
    assert_eq!(
        ids(&[
            "claims",
            "--subject",
            "Dandong–Sinuiju rail freight of construction materials"
        ]),
        ["claim-dandong-sinuiju-imports-fell-2024"]
    );
    assert_eq!(
        ids(&["claims", "--subject", "events:un-sanctions-on-north-korea"]),
        ["claim-un-sanctions-banned-metals-004"]
    );
    let cits = ids(&["citations", "--record", "pop-chongjin-003-around-627000"]);
    assert!(!cits.is_empty());
    let cits = ids(&["citations", "--record", "claim-nampo-port-rank-003"]);
    assert!(!cits.is_empty());
    let cits = ids(&["citations", "--record", "chongjin-docks-3-4-lease"]);
    assert!(cits.contains(&"cit-chongjin-docks-3-4-lease-000".to_string()));
    let (code, err) = fails(&["claims", "--subject", "no-such-record"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no record matches \"no-such-record\""),
        "{err}"
    );
    let (code, _) = fails(&["citations", "--record", "leases:no-such-lease"]);
    assert_eq!(code, 1);
}

#[test]
fn an_unknown_claim_property_is_an_error() {
    let (code, err) = fails(&["claims", "--property", "rank"]);
    assert_eq!(code, 1);
    assert!(err.contains("port_rank"), "{err}");
    assert_eq!(
        ids(&["claims", "--property", "port rank"]),
        ids(&["claims", "--property", "port_rank"])
    );
}

#[test]
fn vocabulary_synonyms_users_type() {
    assert_eq!(
        ids(&["routes", "--mode", "train"]),
        ids(&["routes", "--mode", "rail"])
    );
    assert!(!ids(&["routes", "--mode", "train"]).is_empty());
    // A labour camp is found by `prison`, and by its own kind.
    let prisons = ids(&["facilities", "--kind", "prison"]);
    assert!(
        prisons.contains(&"kwan-li-so-no-25".to_string()),
        "{prisons:?}"
    );
    assert!(
        prisons.contains(&"nongpo-prison".to_string()),
        "{prisons:?}"
    );
    assert_eq!(
        ids(&["facilities", "--kind", "Labour-Camp"]),
        ["kwan-li-so-no-25"]
    );
    assert_eq!(
        ids(&["facilities", "--kind", "gulag"]),
        ["kwan-li-so-no-25"]
    );
    assert_eq!(
        ids(&["routes", "--status", "smuggling"]),
        ids(&["routes", "--status", "illicit"])
    );
    assert_eq!(
        ids(&["population", "--measure", "inmates"]),
        ["pop-kwan-li-so-25-002-about-3000"]
    );
    // The help says what a word covers.
    let help = ok(&["facilities", "--help"]);
    assert!(
        help.contains("prison:") && help.contains("also finds labour-camp"),
        "{help}"
    );
    let help = ok(&["routes", "--help"]);
    assert!(help.contains("train"), "{help}");
}

#[test]
fn every_citation_says_whose_words_its_quote_is() {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["citations", "--format", "json"])).unwrap();
    let held = [
        "dailynk-chongjin-sez",
        "chongjin-history-essay",
        "chongjin-travel-guide",
    ];
    for r in &rows {
        let kind = r["quote_kind"].as_str().unwrap();
        assert!(kind == "verbatim" || kind == "summary", "{r}");
        let source = r["source"].as_str().unwrap();
        // Reports known only through SOURCES.md are summaries, saying whose.
        if [
            "hankyoreh-2012-09-18",
            "joongang-daily-2012-09-10",
            "wikipedia-chongjin",
            "dailynk-2010-second-port-lease",
            "nkport-curation",
        ]
        .contains(&source)
        {
            assert_eq!(kind, "summary", "{r}");
            assert!(r["note"].as_str().unwrap_or("").len() > 20, "{r}");
        }
        if held.contains(&source) {
            assert_eq!(kind, "verbatim", "{r}");
        }
    }
    // The CSV carries the column too.
    let csv = ok(&[
        "citations",
        "--format",
        "csv",
        "--record",
        "rajin-port-pier-1",
    ]);
    assert!(
        csv.starts_with("id,record,source,quote,quote_kind,note"),
        "{csv}"
    );
    assert!(csv.contains(",summary,"), "{csv}");
}

#[test]
fn only_verbatim_quotes_are_in_quotation_marks() {
    let out = ok(&["show", "rajin-port-pier-1"]);
    // The Hankyoreh's words are SOURCES.md's: labelled, not quoted.
    assert!(
        out.contains("[summary, not the source's words] secured the rights"),
        "{out}"
    );
    assert!(!out.contains("“the Rajin (Rasun) pier No. 1 deal"), "{out}");
    // SOURCES.md's own words are verbatim of SOURCES.md.
    assert!(
        out.contains("“secured the rights to pier No. 1 of Rajin (Najin) port”"),
        "{out}"
    );
    let out = ok(&["show", "chongjin-docks-3-4-lease"]);
    assert!(
        out.contains("“North Korea recently sold 30-year operating rights"),
        "{out}"
    );
    for line in out.lines().filter(|l| l.contains('“')) {
        assert!(!line.contains("[summary"), "{line}");
    }
    // Side by side too.
    let out = ok(&[
        "population",
        "--conflicts",
        "--format",
        "csv",
        "--columns",
        "id,quotes",
    ]);
    assert!(
        out.contains("[summary, not the source's words] Wikipedia's article gives 627,000 (2008)"),
        "{out}"
    );
}

#[test]
fn check_counts_quotes_by_kind() {
    let out = ok(&["check"]);
    assert!(out.contains("verbatim not verified"), "{out}");
    assert!(out.contains(" summaries (another's wording"), "{out}");
}

#[test]
fn faults_found_in_review_are_fixed() {
    // Nampo's rank is implied by 003, not stated.
    let out = ok(&["claims", "--subject", "nampo-port", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let rank = rows.iter().find(|r| r["property"] == "port_rank").unwrap();
    assert_eq!(rank["certainty"], "inferred", "{rank}");
    // Japanese colonial rule began in "the early 20th century": a coarse
    // start, not an unknown one.
    let out = ok(&["events", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let colonial = rows
        .iter()
        .find(|r| r["id"] == "japanese-colonial-rule-chongjin")
        .unwrap();
    assert_eq!(colonial["date"]["earliest"], "1900-01-01", "{colonial}");
    // "The national border" names no country: China is the curators' reading.
    let closure = rows
        .iter()
        .find(|r| r["id"] == "covid-19-border-closure")
        .unwrap();
    assert_eq!(closure["places"], serde_json::json!(["north-korea"]));
    let border = ok(&["places", "--format", "json", "--kind", "border-area"]);
    let border: Vec<serde_json::Value> = serde_json::from_str(&border).unwrap();
    let china = border
        .iter()
        .find(|r| r["id"] == "north-korea-china-border")
        .unwrap();
    assert_eq!(china["certainty"], "inferred");
    // A mode the source does not state is not stored.
    assert!(
        !ids(&["routes", "--mode", "overland"])
            .contains(&"hunchun-rerouted-sanctioned-imports".to_string())
    );
    // A translator and an editor are not authors.
    let out = ok(&["sources", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let dnk = rows
        .iter()
        .find(|r| r["id"] == "dailynk-north-pyongan-trade")
        .unwrap();
    assert_eq!(dnk["authors"], serde_json::json!([]), "{dnk}");
    assert_eq!(
        dnk["contributors"],
        serde_json::json!(["David Carruth (translator)", "Robert Lauler (editor)"])
    );
}

#[test]
fn names_no_source_gives_are_marked_as_the_curators() {
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["places", "--format", "json"])).unwrap();
    let china = rows.iter().find(|r| r["id"] == "china").unwrap();
    assert_eq!(
        china["curator_names"],
        serde_json::json!(["중국", "PRC", "中国"])
    );
    // The name 002 and 003 print (청진) is a source's; Chongjin-si is not.
    let chongjin = rows.iter().find(|r| r["id"] == "chongjin").unwrap();
    let cur = chongjin["curator_names"].as_array().unwrap();
    assert!(
        cur.contains(&serde_json::json!("Chongjin-si")),
        "{chongjin}"
    );
    assert!(!cur.contains(&serde_json::json!("청진")), "{chongjin}");
    let out = ok(&["show", "kwan-li-so-no-25"]);
    assert!(out.contains("curator_names"), "{out}");
    // A curators' name must be one of the row's names.
    let dir = common::package_copy();
    let places = dir.path().join("places.csv");
    let text = std::fs::read_to_string(&places).unwrap();
    std::fs::write(&places, text.replacen("중국;PRC;中国", "중국;Cathay", 1)).unwrap();
    let out = common::nkport()
        .args(["--data", dir.path().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        text.contains(
            "field `curator_names`: expected the row's name, name_ko or an alias, found \"Cathay\""
        ),
        "{text}"
    );
}

#[test]
fn ties_between_records_are_followed_both_ways() {
    // A planned zone lists its planned districts, with the tie's certainty.
    let out = ok(&[
        "places",
        "--within",
        "Chongjin SEZ",
        "--format",
        "csv",
        "--columns",
        "id,within_ties",
    ]);
    assert_eq!(
        out,
        "id,within_ties\n\
         sunam,planned_inside chongjin-sez-planned (planned)\n\
         pohang,planned_inside chongjin-sez-planned (planned)\n\
         chungam,planned_inside chongjin-sez-planned (planned)\n\
         sinam,planned_inside chongjin-sez-planned (planned)\n"
    );
    // show lists a tie under both records.
    let zone = ok(&["show", "chongjin-sez-planned"]);
    assert!(
        zone.contains("tie-ranam-planned-outside-chongjin-sez"),
        "{zone}"
    );
    let ranam = ok(&["show", "ranam"]);
    assert!(
        ranam.contains("tie-ranam-planned-outside-chongjin-sez"),
        "{ranam}"
    );
    // A policy and the trade it allows.
    let policy = ok(&["show", "policy-20x10-regional-development"]);
    assert!(
        policy.contains("tie-20x10-allows-provincial-imports"),
        "{policy}"
    );
    let route = ok(&["show", "provincial-imports-construction-equipment-20x10"]);
    assert!(
        route.contains("tie-20x10-allows-provincial-imports"),
        "{route}"
    );
    // A plan and the places it moves things from and to.
    assert_eq!(
        ids(&[
            "claims",
            "--object",
            "ranam",
            "--property",
            "planned_move_to"
        ])
        .len(),
        4
    );
    // One railway line and a row describing part of it.
    let line = ok(&["show", "pyongyang-rason-railway"]);
    assert!(
        line.contains("tie-russia-rail-on-pyongyang-rason-line"),
        "{line}"
    );
}

#[test]
fn statements_in_tension_are_surfaced_as_conflicts() {
    let out = ok(&[
        "claims",
        "--conflicts",
        "--format",
        "csv",
        "--columns",
        "group,id,certainty",
    ]);
    assert!(
        out.contains(
            "in tension (tie-foreign-investment-vs-docks-lease),claims:claim-chongjin-foreign-investment-001,stated\n\
             in tension (tie-foreign-investment-vs-docks-lease),leases:chongjin-docks-3-4-lease,stated\n\
             in tension (tie-foreign-investment-vs-docks-lease),claims:tie-foreign-investment-vs-docks-lease,inferred\n"
        ),
        "{out}"
    );
    let events = ok(&[
        "events",
        "--conflicts",
        "--format",
        "csv",
        "--columns",
        "group,id",
    ]);
    assert!(
        events.contains("in tension (tie-20x10-vs-north-pyongan-control),events:north-pyongan-central-trade-control"),
        "{events}"
    );
    let show = ok(&["show", "claim-chongjin-foreign-investment-001"]);
    assert!(
        show.contains("in_tension_with") && show.contains("tie-foreign-investment-vs-docks-lease"),
        "{show}"
    );
}

/// Parses a JSON listing.
fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).unwrap()
}

#[test]
fn routes_by_province_list_each_province_with_the_routes_touching_it() {
    let rows = json(&["routes", "--by", "province", "--columns", "province,id"]);
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for r in &rows {
        let key = r["province"].as_str().unwrap_or("").to_string();
        groups
            .entry(key)
            .or_default()
            .push(r["id"].as_str().unwrap().to_string());
    }
    // Each province holds exactly what `--province` keeps, in file order.
    for (p, got) in groups.iter().filter(|(p, _)| !p.is_empty()) {
        assert_eq!(got, &ids(&["routes", "--province", p]), "province {p}");
    }
    // A route is repeated under every province it touches.
    let rail = "dandong-sinuiju-rail-construction-materials".to_string();
    assert!(groups["liaoning"].contains(&rail));
    assert!(groups["north-pyongan"].contains(&rail));
    // Routes touching no province sit under their own (empty) key, and
    // nowhere else; every route is somewhere.
    let none = &groups[""];
    assert!(!none.is_empty());
    for (p, got) in groups.iter().filter(|(p, _)| !p.is_empty()) {
        assert!(got.iter().all(|id| !none.contains(id)), "{p}");
    }
    let mut seen: Vec<&String> = groups.values().flatten().collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), ids(&["routes"]).len());

    // CSV: the province id first, empty for no province.
    let csv = ok(&["routes", "--by", "province", "--format", "csv"]);
    assert!(csv.starts_with("province,id,name,"), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("north-hamgyong,")));
    assert!(
        csv.lines()
            .any(|l| l.starts_with(&format!(",{},", none[0])))
    );

    // Table and Markdown: one table under each province's name, the
    // routes with no province last.
    let table = ok(&[
        "routes",
        "--by",
        "province",
        "--format",
        "table",
        "--columns",
        "id",
    ]);
    let np = table
        .find("North Pyongan Province (north-pyongan): 3 routes\n")
        .expect(&table);
    let rest = &table[np..];
    assert!(rest.contains(&rail));
    let last = table.find("No province: ").expect(&table);
    assert!(
        last > np && !table[last..].contains("Province ("),
        "{table}"
    );
    assert!(
        !table.contains("province │"),
        "no province column in groups"
    );
    let md = ok(&[
        "routes",
        "--by",
        "province",
        "--format",
        "markdown",
        "--columns",
        "id",
    ]);
    assert!(md.contains("## North Pyongan Province (north-pyongan)\n\n3 routes\n\n| id |\n"));
    assert!(md.contains("## No province\n"));

    // A SQLite table keyed by id cannot hold a route twice: refused up
    // front, nothing written.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("routes.sqlite");
    let (code, err) = fails(&["routes", "--by", "province", "-o", db.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--format csv, json or parquet"), "{err}");
    assert!(!db.exists());

    // An unknown column names the group's column among the known ones.
    let (code, err) = fails(&["routes", "--by", "province", "--columns", "nope"]);
    assert_eq!(code, 2, "a usage error");
    assert!(
        err.contains("no column `nope`") && err.contains("province (with --by province)"),
        "{err}"
    );

    // --limit and --sort apply within each province.
    let limited = json(&[
        "routes",
        "--by",
        "province",
        "--columns",
        "province,id",
        "--sort",
        "id:desc",
        "--limit",
        "1",
    ]);
    assert_eq!(limited.len(), groups.len());
    let np_last = groups["north-pyongan"].iter().max().unwrap();
    assert!(
        limited
            .iter()
            .any(|r| r["province"] == "north-pyongan" && r["id"] == np_last.as_str())
    );
}

#[test]
fn check_with_a_missing_sources_directory_says_so_once() {
    let out = common::nkport()
        .args(["check", "--sources", "no-such-directory"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        errors,
        [
            "error: no-such-directory: the sources directory does not exist, so no quote was verified against it"
        ],
        "{text}"
    );
    assert!(text.contains("verbatim not checked (their text could not be read)"));
}

#[test]
fn a_source_file_leading_outside_the_sources_directory_stays_an_error() {
    let pkg = common::package_copy();
    let sources = pkg.path().join("sources.csv");
    let text = std::fs::read_to_string(&sources).unwrap();
    let file = "000_f4bcf5e46f06d806.txt";
    assert!(text.contains(file));
    std::fs::write(&sources, text.replace(file, &format!("../{file}"))).unwrap();
    // The file it leads to exists, beside the directory: still an error.
    let texts = pkg.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(pkg.path().join(file), "any text").unwrap();
    let data = pkg.path().to_str().unwrap();
    for dir in [texts.clone(), pkg.path().join("missing")] {
        let out = common::nkport()
            .args(["check", "--data", data, "--sources", dir.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.lines().any(|l| l.starts_with("error: ")
                && l.contains("sources.csv:")
                && l.contains("field `file`: expected a file name inside the sources directory")),
            "{text}"
        );
    }
}

#[test]
fn a_timeline_of_a_place_lists_what_happened_there_not_publications() {
    let rows = json(&["timeline", "--place", "chongjin"]);
    assert!(rows.len() > 10);
    assert!(
        rows.iter()
            .all(|r| r["what"] != "published" && r["table"] != "sources"),
        "{rows:?}"
    );
    assert!(json(&["timeline"]).iter().all(|r| r["what"] != "published"));
    // Asked for, the sources telling of Chongjin come with their dates.
    let with = json(&["timeline", "--place", "chongjin", "--publications"]);
    let published: Vec<&serde_json::Value> =
        with.iter().filter(|r| r["what"] == "published").collect();
    assert!(!published.is_empty());
    assert!(published.iter().all(|r| r["table"] == "sources"));
    assert_eq!(with.len(), rows.len() + published.len());
}

#[test]
fn the_readme_main_job_works_on_a_fresh_clone_with_nothing_beside_it() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("# the main job"))
        .expect("the set-up names the main job");
    let command = line.split('#').next().unwrap().trim();
    let args: Vec<&str> = command
        .strip_prefix("cargo run --release -- ")
        .expect(line)
        .split_whitespace()
        .collect();
    // Run where nothing lies beside it: no ../shared, no data directory.
    let empty = tempfile::tempdir().unwrap();
    let out = common::nkport()
        .current_dir(empty.path())
        .args(&args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{command}: {}", common::stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() > 1, "{command} printed {text:?}");
    // The curators' check stays documented, with where the texts come from.
    assert!(readme.contains("check --sources ../shared/seeds"));
    assert!(readme.contains("`../shared/seeds/`"));
}

#[test]
fn dates_are_no_more_precise_than_the_texts() {
    let edtf = |rows: &[serde_json::Value], id: &str, col: &str| -> String {
        let r = rows.iter().find(|r| r["id"] == id).expect(id);
        r[col]["edtf"].as_str().unwrap_or_default().to_string()
    };
    // "2024 or later" and "September 2012 or soon after" are open-ended,
    // not a year with a question mark.
    let sources = json(&["sources"]);
    assert_eq!(
        edtf(&sources, "dailynk-north-pyongan-trade", "published"),
        "2024/.."
    );
    assert_eq!(
        edtf(&sources, "dailynk-chongjin-sez", "published"),
        "2012-09/.."
    );
    // "Almost ten years ago" from then: 2002 or 2003. "Recently" before
    // October 2018: no start. "Since the 1990s": some year of them.
    let events = json(&["events"]);
    assert_eq!(edtf(&events, "chongjin-sez-plan-2002", "date"), "2002/2003");
    assert_eq!(
        edtf(&events, "chongjin-infrastructure-investment", "date"),
        "/2018-10"
    );
    assert_eq!(
        edtf(&events, "port-cities-redevelopment-since-1990s", "date"),
        "199X/.."
    );
    // "In the 1900s" may be the decade or the century: the coarser reading.
    let claims = json(&["claims"]);
    assert_eq!(edtf(&claims, "claim-chongjin-origin-002", "as_of"), "19XX");
    // "Last year" before a text of 2024 or later: 2023 or later.
    let routes = json(&["routes"]);
    assert_eq!(
        edtf(
            &routes,
            "dandong-sinuiju-rail-construction-materials",
            "period"
        ),
        "2023/.."
    );
}

#[test]
fn curators_readings_are_marked_as_theirs() {
    // That the USSR's fall ended the (itself inferred) goods route is the
    // curators' reading of 002.
    let claims = json(&["claims", "--subject", "collapse-of-soviet-union"]);
    let tie = claims
        .iter()
        .find(|r| r["id"] == "tie-ussr-collapse-ended-goods-route")
        .unwrap();
    assert_eq!(tie["certainty"], "inferred", "{tie}");
    // 004 names Hunchun, not a crossing: the note says whose the via is.
    let routes = json(&["routes", "--columns", "id,notes"]);
    let hunchun = routes
        .iter()
        .find(|r| r["id"] == "hunchun-rerouted-sanctioned-imports")
        .unwrap();
    assert!(
        hunchun["notes"]
            .as_str()
            .unwrap()
            .contains("Via hunchun-crossing is the curators' reading"),
        "{hunchun}"
    );
}

#[test]
fn province_headings_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = common::fixture_copy(dir.path());
    let places = pkg.join("places.csv");
    let text = std::fs::read_to_string(&places).unwrap();
    assert!(text.contains("Coastal Province"));
    std::fs::write(
        &places,
        text.replace(
            "Coastal Province",
            "Coastal\u{1b}]0;pwned\u{7}\u{202e} Province",
        ),
    )
    .unwrap();
    let data = pkg.to_str().unwrap();
    for format in ["table", "markdown"] {
        let out = ok(&[
            "--data", data, "routes", "--by", "province", "--format", format,
        ]);
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "{format}: {out:?}"
        );
        assert!(
            out.contains("Coastal\\u{1b}]0;pwned\\u{7}\\u{202e} Province"),
            "{format}: {out}"
        );
    }
}
