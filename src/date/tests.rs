//! Tests of EDTF parsing, bounds, comparisons and serde.

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test day")
}

fn fd(s: &str) -> FuzzyDate {
    FuzzyDate::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn bounds(s: &str) -> (Option<String>, Option<String>) {
    let f = fd(s);
    (f.earliest().map(iso), f.latest().map(iso))
}

/// Every form, with its exact bounds (`None` = open/unknown).
const FORMS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("2012-09-01", Some("2012-09-01"), Some("2012-09-01")),
    ("2012-09", Some("2012-09-01"), Some("2012-09-30")),
    ("2012-02", Some("2012-02-01"), Some("2012-02-29")),
    ("2011-02", Some("2011-02-01"), Some("2011-02-28")),
    ("2012", Some("2012-01-01"), Some("2012-12-31")),
    ("0000", Some("0000-01-01"), Some("0000-12-31")),
    ("9999", Some("9999-01-01"), Some("9999-12-31")),
    ("199X", Some("1990-01-01"), Some("1999-12-31")),
    ("19XX", Some("1900-01-01"), Some("1999-12-31")),
    ("1XXX", Some("1000-01-01"), Some("1999-12-31")),
    ("2012-XX", Some("2012-01-01"), Some("2012-12-31")),
    ("2012-XX-XX", Some("2012-01-01"), Some("2012-12-31")),
    ("2012-09-XX", Some("2012-09-01"), Some("2012-09-30")),
    ("2012~", Some("2011-01-01"), Some("2013-12-31")),
    ("2012%", Some("2011-01-01"), Some("2013-12-31")),
    ("2012?", Some("2012-01-01"), Some("2012-12-31")),
    ("2012-09~", Some("2012-08-01"), Some("2012-10-31")),
    ("2012-01~", Some("2011-12-01"), Some("2012-02-29")),
    ("2012-12?", Some("2012-12-01"), Some("2012-12-31")),
    ("2012-09-01~", Some("2012-08-31"), Some("2012-09-02")),
    ("2012-03-01%", Some("2012-02-29"), Some("2012-03-02")),
    ("2012-09-01?", Some("2012-09-01"), Some("2012-09-01")),
    ("199X~", Some("1989-01-01"), Some("2000-12-31")),
    ("19XX?", Some("1900-01-01"), Some("1999-12-31")),
    ("2012-XX~", Some("2011-12-01"), Some("2013-01-31")),
    ("2012-09-XX~", Some("2012-08-31"), Some("2012-10-01")),
    ("2001-21", Some("2001-03-01"), Some("2001-05-31")),
    ("2001-22", Some("2001-06-01"), Some("2001-08-31")),
    ("2001-23", Some("2001-09-01"), Some("2001-11-30")),
    ("2001-24", Some("2001-12-01"), Some("2002-02-28")),
    ("2003-24", Some("2003-12-01"), Some("2004-02-29")),
    ("2001-21~", Some("2000-12-01"), Some("2001-08-31")),
    ("1995/1997", Some("1995-01-01"), Some("1997-12-31")),
    ("1990~/1993~", Some("1989-01-01"), Some("1994-12-31")),
    ("2012-09/2012-12", Some("2012-09-01"), Some("2012-12-31")),
    ("199X/2005-06-01", Some("1990-01-01"), Some("2005-06-01")),
    ("2012/2012", Some("2012-01-01"), Some("2012-12-31")),
    ("2012/..", Some("2012-01-01"), None),
    ("../1945", None, Some("1945-12-31")),
    ("2012/", Some("2012-01-01"), None),
    ("/1945", None, Some("1945-12-31")),
    // clamped to 0000–9999
    ("9999~", Some("9998-01-01"), Some("9999-12-31")),
    ("0000~", Some("0000-01-01"), Some("0001-12-31")),
    ("9999-24", Some("9999-12-01"), Some("9999-12-31")),
    ("0000-01-01~", Some("0000-01-01"), Some("0000-01-02")),
];

#[test]
fn forms_have_exact_bounds() {
    for &(s, e, l) in FORMS {
        assert_eq!(
            bounds(s),
            (e.map(String::from), l.map(String::from)),
            "bounds of {s}"
        );
        let f = fd(s);
        assert_eq!(f.edtf(), s);
        assert_eq!(f.to_string(), s);
        assert_eq!(s.parse::<FuzzyDate>().as_ref(), Ok(&f));
    }
}

#[test]
fn text_is_rebuilt_exactly_from_the_parts() {
    for &(s, _, _) in FORMS {
        assert_eq!(fd(s).add_years(0).map(|f| f.text), Ok(s.to_string()), "{s}");
    }
}

#[test]
fn outer_whitespace_is_trimmed() {
    assert_eq!(fd(" 2012 ").edtf(), "2012");
    assert_eq!(fd("\t1995/1997\n").edtf(), "1995/1997");
    assert_eq!(fd(" 2012 "), fd("2012"));
}

#[test]
fn invalid_inputs_are_errors() {
    let bad = [
        "",
        "   ",
        "2012-13",
        "2012-00",
        "2012-20",
        "2012-25",
        "2011-02-29",
        "1900-02-29",
        "2012-04-31",
        "2012-09-00",
        "2012-09-32",
        "12",
        "201",
        "20122",
        "-2012",
        "+2012",
        "2012-1",
        "2012-09-1",
        "2012-",
        "2012-09-",
        "2012--09",
        "2012-09-01-01",
        "2012~~",
        "2012?~",
        "2012~?",
        "~2012",
        "20~12",
        "?",
        "~",
        "../..",
        "/",
        "..",
        "../",
        "/..",
        "2012/../",
        "1997/1995",
        "2012-09-02/2012-09-01",
        "1995/1996/1997",
        "X012",
        "XXXX",
        "1X9X",
        "19X5",
        "199x",
        "199X-05",
        "201X-XX",
        "2012-XX-05",
        "2012-1X",
        "2012-09-3X",
        "2001-21-01",
        "２０１２",
        "2012-09-01T10:00",
        "2012-09-01 10:00",
        "2012 09",
        "2012.",
        "2012..",
        "2012/...",
        "...",
        "Y170000002",
        "2012-09-01Z",
        "spring 2001",
        "1995 / 1997",
        "\u{0}",
        "2012\u{301}",
    ];
    for s in bad {
        let err = FuzzyDate::parse(s).expect_err(s);
        let msg = err.to_string();
        assert!(msg.starts_with("expected an EDTF date such as"), "{msg}");
        assert!(!err.reason().is_empty());
    }
}

#[test]
fn error_messages_are_specific() {
    let msg = |s: &str| FuzzyDate::parse(s).expect_err(s).to_string();
    assert_eq!(
        msg("2012-13"),
        "expected an EDTF date such as 2012-09-01, 2012-09, 2012, 199X, 2012~ or 1995/1997, \
         found \"2012-13\": month 13 out of range (01–12, or 21–24 for a season)"
    );
    assert!(msg("2011-02-29").ends_with("day 29 out of range for February 2011 (01–28)"));
    assert!(msg("1997/1995").ends_with("interval start after end"));
    assert!(msg("2012~~").contains("more than one qualifier"));
    assert!(msg("../..").contains("at least one side"));
    assert!(msg("X012").contains("first digit of the year"));
    assert!(msg("199x").contains("uppercase X"));
    assert!(msg("２０１２").contains("ASCII digits"));
    assert!(msg("2012-09-01T10:00").contains("times are not supported"));
    assert!(msg("2012 09").contains("white space"));
    assert!(msg("").contains("empty"));
    assert!(msg("20122").contains("4 digits"));
    // A huge input is quoted only in part.
    let long = "9".repeat(10_000);
    assert!(msg(&long).len() < 400);
}

#[test]
fn arbitrary_text_does_not_panic() {
    for s in [
        "é",
        "2012é",
        "é2012",
        "🙂/🙂",
        "2012/é",
        "\u{feff}2012",
        "2012-é",
        "9999-24~",
        "0000-21~",
    ] {
        let _ = FuzzyDate::parse(s);
    }
    let _ = FuzzyDate::parse(&"/".repeat(100_000));
    let _ = FuzzyDate::parse(&"é".repeat(100_000));
}

#[test]
fn flags_and_precision() {
    let f = fd("2012-09-01");
    assert!(f.is_exact_day() && !f.is_interval() && !f.is_uncertain() && !f.is_approximate());
    assert!(!fd("2012-09-01?").is_exact_day());
    assert!(!fd("2012-09").is_exact_day());
    assert!(!fd("2012-09-01/2012-09-01").is_exact_day());
    assert!(fd("2012?").is_uncertain() && !fd("2012?").is_approximate());
    assert!(!fd("2012~").is_uncertain() && fd("2012~").is_approximate());
    assert!(fd("2012%").is_uncertain() && fd("2012%").is_approximate());
    assert!(fd("1990/1993?").is_uncertain() && fd("1990/1993?").is_interval());
    assert!(fd("1990~/..").is_approximate());
    let p = |s: &str| fd(s).precision();
    assert_eq!(p("2012-09-01"), Precision::Day);
    assert_eq!(p("2012-09"), Precision::Month);
    assert_eq!(p("2012-09-XX"), Precision::Month);
    assert_eq!(p("2001-22"), Precision::Season);
    assert_eq!(p("2012~"), Precision::Year);
    assert_eq!(p("2012-XX"), Precision::Year);
    assert_eq!(p("2012-XX-XX"), Precision::Year);
    assert_eq!(p("199X"), Precision::Decade);
    assert_eq!(p("19XX"), Precision::Century);
    assert_eq!(p("1XXX"), Precision::Millennium);
    assert_eq!(p("2012-09/2013"), Precision::Month);
    assert_eq!(p("../2013"), Precision::Year);
    assert_eq!(p("/2013-05-01"), Precision::Day);
    assert_eq!(Precision::Century.to_string(), "century");
}

#[test]
fn human_text() {
    let cases = [
        ("2012-09-01", "2012-09-01"),
        ("2012-09", "September 2012"),
        ("2012", "2012"),
        ("2012~", "c. 2012"),
        ("2012?", "2012?"),
        ("2012%", "c. 2012?"),
        ("2012-09-01~", "c. 2012-09-01"),
        ("199X", "1990s"),
        ("199X~", "c. 1990s"),
        ("19XX", "1900s"),
        ("190X", "1900–1909"),
        ("20XX", "2000–2099"),
        ("1XXX", "1000–1999"),
        ("2012-XX", "2012"),
        ("2012-09-XX", "September 2012"),
        ("2001-21", "spring 2001"),
        ("2001-22", "summer 2001"),
        ("2001-23", "autumn 2001"),
        ("2001-24", "winter 2001–2002"),
        ("1995/1997", "1995–1997"),
        ("1990~/1993~", "c. 1990–c. 1993"),
        ("2012/..", "2012 or later"),
        ("../1945", "until 1945"),
        ("2012/", "from 2012 (end unknown)"),
        ("/1945", "until 1945 (start unknown)"),
        ("2012-09/2012-12", "September–December 2012"),
        ("2012-09/2013-01", "September 2012–January 2013"),
        ("2012-09/2012-09", "September 2012"),
        ("2012-09~/2012-12", "c. September 2012–December 2012"),
        ("2012-09-01/2012-09-05", "2012-09-01–2012-09-05"),
    ];
    for (s, h) in cases {
        assert_eq!(fd(s).human(), h, "human of {s}");
    }
}

#[test]
fn add_years_cases() {
    let cases = [
        ("2012-09-01", 30, "2042-09-01"),
        ("2012~", 30, "2042~"),
        ("2012-09/2012-12", 30, "2042-09/2042-12"),
        ("199X", 30, "202X"),
        ("199X", 5, "1995/2004"),
        ("199X", 10, "200X"),
        ("19XX", 100, "20XX"),
        ("19XX", 50, "1950/2049"),
        ("199X?", 5, "1995?/2004?"),
        ("199X~/2010", 5, "1995~/2015"),
        ("1980/199X", 5, "1985/2004"),
        ("2012-02-29", 1, "2013-02-28"),
        ("2012-02-29", 4, "2016-02-29"),
        ("2012-02-29?", 1, "2013-02-28?"),
        ("2001-24", 1, "2002-24"),
        ("2012-XX", 3, "2015-XX"),
        ("2012-09-XX%", 3, "2015-09-XX%"),
        ("2012-XX-XX", 3, "2015-XX-XX"),
        ("2012/..", 10, "2022/.."),
        ("../1945", 10, "../1955"),
        ("2012/", 10, "2022/"),
        ("/1945", 10, "/1955"),
        ("2012", -12, "2000"),
        ("9989", 10, "9999"),
    ];
    for (s, n, want) in cases {
        assert_eq!(fd(s).add_years(n), Ok(fd(want)), "{s} + {n}");
    }
    let f = fd("199X").add_years(5).expect("shift");
    assert_eq!(
        (f.earliest(), f.latest()),
        (Some(d("1995-01-01")), Some(d("2004-12-31")))
    );
    // Bounds move exactly for an X year inside an interval.
    let f = fd("199X~/2010").add_years(5).expect("shift");
    assert_eq!(f.earliest(), Some(d("1994-01-01")));
    for (s, n) in [
        ("2012", 8000),
        ("9999", 1),
        ("199X", 8005),
        ("0005", -6),
        ("2012", i32::MAX),
        ("2012", i32::MIN),
    ] {
        let err = fd(s).add_years(n).expect_err(s);
        assert!(err.to_string().starts_with("cannot move"), "{err}");
    }
}

#[test]
fn on_or_before_around_bounds() {
    let f = fd("2012");
    assert_eq!(f.on_or_before(d("2011-12-31")), Tri::No);
    assert_eq!(f.on_or_before(d("2012-01-01")), Tri::Possibly);
    assert_eq!(f.on_or_before(d("2012-12-30")), Tri::Possibly);
    assert_eq!(f.on_or_before(d("2012-12-31")), Tri::Yes);
    assert_eq!(f.on_or_before(d("2020-01-01")), Tri::Yes);
    let f = fd("2012-09-01");
    assert_eq!(f.on_or_before(d("2012-08-31")), Tri::No);
    assert_eq!(f.on_or_before(d("2012-09-01")), Tri::Yes);
    let f = fd("2012/..");
    assert_eq!(f.on_or_before(d("2011-12-31")), Tri::No);
    assert_eq!(f.on_or_before(d("3000-01-01")), Tri::Possibly);
    let f = fd("../1945");
    assert_eq!(f.on_or_before(d("1000-01-01")), Tri::Possibly);
    assert_eq!(f.on_or_before(d("1945-12-31")), Tri::Yes);
    let f = fd("/1945");
    assert_eq!(f.on_or_before(d("1945-12-30")), Tri::Possibly);
    assert_eq!(f.on_or_before(d("1945-12-31")), Tri::Yes);
}

#[test]
fn contains_around_bounds() {
    let f = fd("2012-09-01");
    assert_eq!(f.contains(d("2012-08-31")), Tri::No);
    assert_eq!(f.contains(d("2012-09-01")), Tri::Yes);
    assert_eq!(f.contains(d("2012-09-02")), Tri::No);
    let f = fd("2012-09-01?");
    assert_eq!(f.contains(d("2012-09-01")), Tri::Yes);
    let f = fd("2012-09-01~");
    assert_eq!(f.contains(d("2012-08-30")), Tri::No);
    assert_eq!(f.contains(d("2012-08-31")), Tri::Possibly);
    assert_eq!(f.contains(d("2012-09-01")), Tri::Possibly);
    let f = fd("2012");
    assert_eq!(f.contains(d("2011-12-31")), Tri::No);
    assert_eq!(f.contains(d("2012-01-01")), Tri::Possibly);
    assert_eq!(f.contains(d("2012-12-31")), Tri::Possibly);
    assert_eq!(f.contains(d("2013-01-01")), Tri::No);
    let f = fd("1995/1997");
    assert_eq!(f.contains(d("1994-12-31")), Tri::No);
    assert_eq!(f.contains(d("1995-01-01")), Tri::Possibly);
    assert_eq!(f.contains(d("1995-12-30")), Tri::Possibly);
    assert_eq!(f.contains(d("1995-12-31")), Tri::Yes);
    assert_eq!(f.contains(d("1996-06-15")), Tri::Yes);
    assert_eq!(f.contains(d("1997-01-01")), Tri::Yes);
    assert_eq!(f.contains(d("1997-01-02")), Tri::Possibly);
    assert_eq!(f.contains(d("1997-12-31")), Tri::Possibly);
    assert_eq!(f.contains(d("1998-01-01")), Tri::No);
    let f = fd("2012/2012");
    assert_eq!(f.contains(d("2012-06-01")), Tri::Possibly);
    let f = fd("2012/..");
    assert_eq!(f.contains(d("2011-12-31")), Tri::No);
    assert_eq!(f.contains(d("2012-06-01")), Tri::Possibly);
    assert_eq!(f.contains(d("2012-12-31")), Tri::Yes);
    assert_eq!(f.contains(d("9999-12-31")), Tri::Yes);
    let f = fd("../1945");
    assert_eq!(f.contains(d("0001-01-01")), Tri::Yes);
    assert_eq!(f.contains(d("1945-01-01")), Tri::Yes);
    assert_eq!(f.contains(d("1945-01-02")), Tri::Possibly);
    assert_eq!(f.contains(d("1946-01-01")), Tri::No);
    let f = fd("2012/");
    assert_eq!(f.contains(d("2011-12-31")), Tri::No);
    assert_eq!(f.contains(d("2020-01-01")), Tri::Possibly);
    let f = fd("/1945");
    assert_eq!(f.contains(d("1900-01-01")), Tri::Possibly);
    assert_eq!(f.contains(d("1946-01-01")), Tri::No);
}

#[test]
fn overlaps_around_bounds() {
    let o = |a: &str, b: &str| {
        let (a, b) = (fd(a), fd(b));
        let t = a.overlaps(&b);
        assert_eq!(t, b.overlaps(&a), "symmetry of {a} and {b}");
        t
    };
    assert_eq!(o("2012", "2013"), Tri::No);
    assert_eq!(o("2012", "2012"), Tri::Possibly);
    assert_eq!(o("2012~", "2013"), Tri::Possibly);
    assert_eq!(o("2012-09-01", "2012-09-01"), Tri::Yes);
    assert_eq!(o("2012-09-01", "2012-09-02"), Tri::No);
    assert_eq!(o("2012-09-01", "2012-09"), Tri::Possibly);
    assert_eq!(o("2012-09-01", "2010/2015"), Tri::Yes);
    assert_eq!(o("2012", "2010/2015"), Tri::Yes);
    assert_eq!(o("2010", "2010/2015"), Tri::Possibly);
    assert_eq!(o("2016", "2010/2015"), Tri::No);
    assert_eq!(o("1995/1997", "1997/1999"), Tri::Possibly);
    assert_eq!(o("1995/1998", "1997/1999"), Tri::Yes);
    assert_eq!(o("1995/1996", "1997/1999"), Tri::No);
    assert_eq!(o("2012/..", "2020"), Tri::Yes);
    assert_eq!(o("2012/..", "2011"), Tri::No);
    assert_eq!(o("2012/", "2020"), Tri::Possibly);
    assert_eq!(o("../1945", "/1900"), Tri::Yes);
    assert_eq!(o("../1945", "1946/.."), Tri::No);
    assert_eq!(o("../1945", "1945/.."), Tri::Possibly);
    assert_eq!(o("../1945", "1944/.."), Tri::Yes);
    assert_eq!(o("/1945", "1944/"), Tri::Possibly);
}

#[test]
fn day_constructor_matches_parse() {
    for s in ["2012-09-01", "0000-01-01", "9999-12-31", "2012-02-29"] {
        let f = FuzzyDate::day(d(s));
        assert_eq!(f, fd(s));
        assert!(f.is_exact_day());
        assert_eq!(f.earliest(), Some(d(s)));
    }
    let far = NaiveDate::from_ymd_opt(12_000, 5, 5).expect("far day");
    assert_eq!(FuzzyDate::day(far).edtf(), "9999-12-31");
    let before = NaiveDate::from_ymd_opt(-5, 5, 5).expect("negative day");
    assert_eq!(FuzzyDate::day(before).edtf(), "0000-01-01");
}

#[test]
fn ordering() {
    let mut v: Vec<FuzzyDate> = [
        "2012",
        "../1945",
        "/1945",
        "2012-09",
        "2012/..",
        "2011~",
        "2012/",
        "1995/1997",
    ]
    .into_iter()
    .map(fd)
    .collect();
    v.sort();
    let got: Vec<&str> = v.iter().map(FuzzyDate::edtf).collect();
    assert_eq!(
        got,
        [
            "../1945",
            "/1945",
            "1995/1997",
            "2011~",
            "2012",
            "2012/",
            "2012/..",
            "2012-09"
        ]
    );
    assert!(fd("2012") < fd("2012-09"));
    assert_eq!(fd("2012").cmp(&fd("2012")), Ordering::Equal);
}

#[test]
fn tri_display_and_serde() {
    assert_eq!(Tri::Yes.to_string(), "yes");
    assert_eq!(Tri::No.to_string(), "no");
    assert_eq!(Tri::Possibly.to_string(), "possibly");
    assert_eq!(
        serde_json::to_string(&Tri::Possibly).ok().as_deref(),
        Some("\"possibly\"")
    );
}

#[test]
fn serialize_as_object() {
    let j = serde_json::to_string(&fd("2012~")).expect("json");
    assert_eq!(
        j,
        r#"{"edtf":"2012~","earliest":"2011-01-01","latest":"2013-12-31"}"#
    );
    let j = serde_json::to_string(&fd("../1945")).expect("json");
    assert_eq!(
        j,
        r#"{"edtf":"../1945","earliest":null,"latest":"1945-12-31"}"#
    );
}

#[test]
fn deserialize_string_or_object() {
    let from = |j: &str| serde_json::from_str::<FuzzyDate>(j);
    assert_eq!(from(r#""199X""#).ok(), Some(fd("199X")));
    assert_eq!(
        from(r#"{"edtf":"2012~","earliest":"bogus","other":[1,{"x":2}]}"#).ok(),
        Some(fd("2012~"))
    );
    let round = serde_json::to_string(&fd("1990~/1993~")).expect("json");
    assert_eq!(from(&round).ok(), Some(fd("1990~/1993~")));
    let err = from(r#""2012-13""#).expect_err("invalid").to_string();
    assert!(err.contains("month 13 out of range"), "{err}");
    assert!(from(r#"{"earliest":"2012-01-01"}"#).is_err());
    assert!(from(r#"{"edtf":"2012","edtf":"2013"}"#).is_err());
    assert!(from("2012.5").is_err());
    assert!(from("true").is_err());
    assert!(from("[]").is_err());
    let v: Vec<Option<FuzzyDate>> =
        serde_json::from_str(r#"["2012", null, {"edtf": "2012/.."}]"#).expect("list");
    assert_eq!(v, vec![Some(fd("2012")), None, Some(fd("2012/.."))]);
    let value = serde_json::json!({"edtf": "2001-21"});
    assert_eq!(
        serde_json::from_value::<FuzzyDate>(value).ok(),
        Some(fd("2001-21"))
    );
}

#[test]
fn deserialize_from_csv() {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        date: Option<FuzzyDate>,
    }
    let data = "id,date\na,2012\nb,1995/1997\nc,\nd,2012-09-01\ne,199X~\n";
    let mut rdr = csv::Reader::from_reader(data.as_bytes());
    let rows: Vec<Row> = rdr.deserialize().collect::<Result<_, _>>().expect("csv");
    let got: Vec<(String, Option<String>)> = rows
        .into_iter()
        .map(|r| (r.id, r.date.map(|f| f.edtf().to_string())))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a".into(), Some("2012".into())),
            ("b".into(), Some("1995/1997".into())),
            ("c".into(), None),
            ("d".into(), Some("2012-09-01".into())),
            ("e".into(), Some("199X~".into())),
        ]
    );
    let bad = "id,date\na,2012-13\n";
    let mut rdr = csv::Reader::from_reader(bad.as_bytes());
    let err = rdr
        .deserialize::<Row>()
        .next()
        .expect("a row")
        .err()
        .expect("error");
    assert!(err.to_string().contains("month 13 out of range"), "{err}");
    let bad = "id,date\na,12\n";
    let mut rdr = csv::Reader::from_reader(bad.as_bytes());
    assert!(rdr.deserialize::<Row>().next().expect("a row").is_err());
}

#[test]
fn today_is_a_plausible_day() {
    assert!(today().year() >= 2024);
}
