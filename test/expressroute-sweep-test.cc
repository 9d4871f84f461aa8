// SPDX-License-Identifier: GPL-2.0-only
// Batch sweeps (doc/sweeps.md): spec validation names the field, grid and zip expansion, stable
// keys, the SQLite index, the command line, the progress line and the process pool. The
// end-to-end sweeps with the real binaries are in test/python/test_sweep.py.
#include "expressroute-geography-reader.h"
#include "expressroute-sweep-grid.h"
#include "expressroute-sweep-index.h"
#include "expressroute-sweep-options.h"
#include "expressroute-sweep-progress.h"
#include "expressroute-sweep-runner.h"
#include "expressroute-sweep-slurm.h"
#include "expressroute-sweep-spec.h"
#include "expressroute-sweep-state.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

const std::string kScenarios = EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios";

/// A spec on examples/scenarios/default.json with @p body after the scenario key.
std::string
Spec(const std::string& body)
{
    return R"({ "scenario": "default.json")" + std::string(body.empty() ? "" : ", ") + body + " }";
}

SweepSpec
Parse(const std::string& text)
{
    return ParseSweepSpec(text, "spec.json", kScenarios);
}

/// The errors of a spec that must be refused (empty when it was accepted).
std::vector<ScenarioError>
ErrorsOf(const std::string& text)
{
    try
    {
        Parse(text);
    }
    catch (const SweepSpecError& e)
    {
        return e.GetErrors();
    }
    return {};
}

/// True when @p errors has one at @p field whose message contains @p words.
::testing::AssertionResult
HasError(const std::vector<ScenarioError>& errors,
         const std::string& field,
         const std::string& words)
{
    std::string all;
    for (const auto& e : errors)
    {
        if (e.path == field && e.message.find(words) != std::string::npos)
        {
            return ::testing::AssertionSuccess();
        }
        all += "\n  " + e.path + ": " + e.message;
    }
    return ::testing::AssertionFailure()
           << "expected an error at " << field << " containing '" << words << "'; got:" << all;
}

const char* kTwoByThree = R"("parameters": [
    { "path": "/circuits/1/bandwidth", "name": "lon_bandwidth",
      "values": ["200Mbps", "500Mbps", "1Gbps"] },
    { "path": "/traffic/0/rate", "values": ["10Mbps", "20Mbps", "50Mbps"] } ], "runs": 3)";

using test::TempDir;

} // namespace

TEST(SweepSpec, UnknownPathIsNamedWithASuggestion)
{
    const auto errors = ErrorsOf(
        Spec(R"("parameters": [ { "path": "/circuits/1/bandwith", "values": ["1Gbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/path", "did you mean 'bandwidth'"));
}

TEST(SweepSpec, IndexPastTheEndOfAnArrayIsNamed)
{
    const auto errors = ErrorsOf(
        Spec(R"("parameters": [ { "path": "/circuits/7/bandwidth", "values": ["1Gbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/path", "an array of 2 elements"));
}

TEST(SweepSpec, EmptyValueListIsNamed)
{
    const auto errors =
        ErrorsOf(Spec(R"("parameters": [ { "path": "/traffic/0/rate", "values": [] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/values", "must not be empty"));
}

TEST(SweepSpec, AValueGivenTwiceIsNamed)
{
    // Before: "2 runs ... 2 completed", one key, one index row: the point ran twice.
    const auto errors = ErrorsOf(Spec(
        R"("parameters": [ { "path": "/traffic/0/rate", "values": ["2Mbps", "5Mbps", "2Mbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/values/2",
                         "\"2Mbps\" is already given at /parameters/0/values/0"));
}

TEST(SweepSpec, AFlowListOfTheBaseScenarioIsFoundFromTheRunsToo)
{
    // The base scenario names "flow-list.csv" beside it; the runs read inputs/<point>.json.
    // Before: refused from any other directory, and every run failed from the scenario's own.
    const SweepSpec spec = Parse(R"({ "scenario": "flow-list-replay.json", "parameters": [
        { "path": "/simulation/seed", "values": [1, 2] } ] })");
    const std::string expected =
        std::filesystem::path(kScenarios + "/flow-list.csv").lexically_normal().string();
    const auto files = [](const ScenarioJson& scenario) {
        std::vector<std::string> out;
        for (const auto& t : scenario.at("traffic"))
        {
            if (t.contains("file"))
            {
                out.push_back(t.at("file").get<std::string>());
            }
        }
        return out;
    };
    const Sweep s = ExpandSweep(spec);
    EXPECT_EQ(files(PointScenario(s.spec, s.points.at(1))), std::vector<std::string>{expected});
    // The spec keeps the scenario as written, so that a sweep (and what it compares when
    // resumed) does not depend on where the checkout is: moved, the same spec still matches.
    EXPECT_EQ(files(spec.scenario), std::vector<std::string>{"flow-list.csv"});
    const SweepSpec frozen = ParseSweepSpec(FrozenSpec(spec).dump(), "sweep.json", "/elsewhere");
    EXPECT_EQ(frozen.dataDir, spec.dataDir) << "resumed from sweep.json: the same files";
    EXPECT_EQ(frozen.scenario.dump(), spec.scenario.dump());
}

TEST(SweepSpec, ANameThatWouldLeaveSweepsIsRefused)
{
    // Before: "../escaped-sweep" put the sweep beside sweeps/, not in it.
    for (const char* name : {"../escaped-sweep", "a/b", ".hidden"})
    {
        EXPECT_TRUE(HasError(ErrorsOf(Spec(std::string(R"("name": ")") + name + "\"")), "/name",
                             "must not contain '/' or start with '.'"))
            << name;
    }
}

TEST(SweepSpec, ValueOfTheWrongTypeIsNamed)
{
    const auto errors = ErrorsOf(
        Spec(R"("parameters": [ { "path": "/sites/0/asn", "values": [65010, "65011"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/values/1", "expected number"));
    EXPECT_EQ(errors.size(), 1u) << "the number 65010 replaces a number: accepted";
}

TEST(SweepSpec, FixedOverrideIsCheckedLikeAParameter)
{
    const auto errors = ErrorsOf(Spec(R"("set": { "/simulation/duration": 2 })"));
    EXPECT_TRUE(HasError(errors, "/set/~1simulation~1duration", "expected string"));
}

TEST(SweepSpec, MissingBaseScenarioKeyIsNamed)
{
    const auto errors = ErrorsOf(R"({ "parameters": [] })");
    EXPECT_TRUE(HasError(errors, "/scenario", "required key is missing"));
}

TEST(SweepSpec, MissingBaseScenarioFileIsNamed)
{
    const auto errors = ErrorsOf(R"({ "scenario": "no-such-scenario.json" })");
    EXPECT_TRUE(HasError(errors, "/scenario", "no-such-scenario.json"));
}

// Before: a spec or base scenario of /dev/zero was read forever, and a FIFO blocked.
TEST(SweepSpec, ASpecOrBaseScenarioThatIsNotARegularFileIsRefusedUnread)
{
    try
    {
        LoadSweepSpecFile("/dev/zero");
        ADD_FAILURE() << "/dev/zero was taken as a spec";
    }
    catch (const SweepSpecError& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  "/dev/zero: cannot open: is not a regular file (a device, FIFO or socket)");
    }
    const auto errors = ErrorsOf(R"({ "scenario": "/dev/zero" })");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].path, "/scenario");
    EXPECT_EQ(errors[0].message, "cannot open the base scenario /dev/zero: is not a regular file "
                                 "(a device, FIFO or socket)");
}

TEST(SweepSpec, UnknownKeyGetsASuggestion)
{
    EXPECT_TRUE(HasError(ErrorsOf(Spec(R"("runz": 3)")), "/runz", "did you mean 'runs'"));
}

TEST(SweepSpec, ZippedListsMustHaveTheSameLength)
{
    const auto errors = ErrorsOf(Spec(R"("combine": "zip", "parameters": [
        { "path": "/circuits/1/bandwidth", "values": ["200Mbps", "1Gbps"] },
        { "path": "/traffic/0/rate", "values": ["10Mbps", "20Mbps", "50Mbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/1/values", "same length"));
}

TEST(SweepSpec, OverlappingPathsAreRefused)
{
    const auto errors = ErrorsOf(Spec(R"("parameters": [
        { "path": "/traffic/0", "values": [{}] },
        { "path": "/traffic/0/rate", "values": ["10Mbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/1/path", "overlaps"));
}

TEST(SweepSpec, ReservedColumnNameIsRefused)
{
    const auto errors = ErrorsOf(Spec(
        R"("parameters": [ { "path": "/traffic/0/rate", "name": "status",
                             "values": ["1Mbps"] } ])"));
    EXPECT_TRUE(HasError(errors, "/parameters/0/name", "reserved"));
}

TEST(SweepSpec, ValidSpecGetsDefaultsAndColumnNames)
{
    const auto spec = Parse(Spec(kTwoByThree));
    EXPECT_EQ(spec.name, "spec") << "the name defaults to the spec file's stem";
    EXPECT_EQ(spec.runs, 3u);
    EXPECT_EQ(spec.seed, 1u);
    EXPECT_DOUBLE_EQ(spec.timeoutSeconds, 3600.0);
    ASSERT_EQ(spec.parameters.size(), 2u);
    EXPECT_EQ(spec.parameters[0].column, "lon_bandwidth");
    EXPECT_EQ(spec.parameters[1].column, "traffic_0_rate");
}

TEST(SweepSpec, RuleViolationOfAPointIsBlamedOnTheValue)
{
    const auto spec = Parse(Spec(
        R"("parameters": [ { "path": "/circuits/1/bandwidth", "values": ["1Gbps", "3Gbps"] } ])"));
    try
    {
        ValidatePoints(spec, ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data"));
        FAIL() << "3Gbps is not an offered bandwidth: the spec must be refused";
    }
    catch (const SweepSpecError& e)
    {
        EXPECT_TRUE(HasError(e.GetErrors(), "/parameters/0/values/1", "not offered"));
        EXPECT_NE(std::string(e.what()).find("/circuits/1/bandwidth"), std::string::npos);
    }
}

TEST(SweepSpec, RuleViolationOfACombinationIsBlamedOnThePoint)
{
    const auto spec = Parse(Spec(R"("parameters": [
        { "path": "/circuits/1/tier", "values": ["Premium", "Standard"] } ])"));
    try
    {
        ValidatePoints(spec, ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data"));
        FAIL() << "a Standard circuit at London cannot reach East US";
    }
    catch (const SweepSpecError& e)
    {
        // The refused field (a VNet link) is not the swept one (the tier): the point is named.
        EXPECT_TRUE(
            HasError(e.GetErrors(), "/parameters", "point 1 (circuits_1_tier=\"Standard\")"));
        EXPECT_TRUE(HasError(e.GetErrors(), "/parameters", "needs Premium"));
    }
}

TEST(SweepSpec, FrozenSpecParsesBackToTheSameSweep)
{
    const auto spec =
        Parse(Spec(std::string(R"("set": { "/simulation/duration": "2s" }, )") + kTwoByThree));
    const auto again = ParseSweepSpec(FrozenSpec(spec).dump(), "sweep.json", "");
    EXPECT_EQ(FrozenSpec(again).dump(), FrozenSpec(spec).dump());
    const auto a = ExpandRuns(spec, ExpandPoints(spec));
    const auto b = ExpandRuns(again, ExpandPoints(again));
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        EXPECT_EQ(a[i].key, b[i].key) << "a frozen spec keeps every run's key";
    }
}

TEST(SweepGrid, FullGridHasTheProductOfTheListsWithTheLastVaryingFastest)
{
    const auto spec = Parse(Spec(kTwoByThree));
    const auto points = ExpandPoints(spec);
    ASSERT_EQ(points.size(), 9u);
    EXPECT_EQ(CountPoints(spec), 9u);
    EXPECT_EQ(points[0].values[0], "200Mbps");
    EXPECT_EQ(points[0].values[1], "10Mbps");
    EXPECT_EQ(points[1].values[0], "200Mbps");
    EXPECT_EQ(points[1].values[1], "20Mbps");
    EXPECT_EQ(points[8].values[0], "1Gbps");
    EXPECT_EQ(points[8].values[1], "50Mbps");
    EXPECT_EQ(ExpandRuns(spec, points).size(), 27u);
}

TEST(SweepGrid, ZippedListsGiveOnePointPerPosition)
{
    const auto spec = Parse(Spec(std::string(R"("combine": "zip", )") + kTwoByThree));
    const auto points = ExpandPoints(spec);
    ASSERT_EQ(points.size(), 3u);
    EXPECT_EQ(points[2].values[0], "1Gbps");
    EXPECT_EQ(points[2].values[1], "50Mbps");
}

TEST(SweepGrid, ZipGroupsAreAxesOfTheGrid)
{
    const auto spec = Parse(Spec(R"("parameters": [
        { "path": "/circuits/1/bandwidth", "zip": "a", "values": ["200Mbps", "1Gbps"] },
        { "path": "/sites/0/asn", "values": [65001, 65002, 65003] },
        { "path": "/traffic/0/rate", "zip": "a", "values": ["10Mbps", "50Mbps"] } ])"));
    const auto points = ExpandPoints(spec);
    ASSERT_EQ(points.size(), 6u) << "2 zipped positions x 3 ASNs";
    for (const auto& p : points)
    {
        EXPECT_EQ(p.values[0] == "1Gbps", p.values[2] == "50Mbps") << "zipped values move together";
    }
}

TEST(SweepGrid, NoParametersIsOnePointOfRepeatedRuns)
{
    const auto spec = Parse(Spec(R"("runs": 4)"));
    const auto runs = ExpandRuns(spec, ExpandPoints(spec));
    ASSERT_EQ(runs.size(), 4u);
    EXPECT_EQ(runs[3].run, 4u);
}

TEST(SweepGrid, RunsArePointMajorWithRunNumbersFromOne)
{
    const auto spec = Parse(Spec(kTwoByThree));
    const auto runs = ExpandRuns(spec, ExpandPoints(spec));
    EXPECT_EQ(runs[0].point, 0u);
    EXPECT_EQ(runs[0].run, 1u);
    EXPECT_EQ(runs[2].run, 3u);
    EXPECT_EQ(runs[3].point, 1u);
    EXPECT_EQ(runs[3].run, 1u);
}

TEST(SweepGrid, KeysAreStableHashesOfCanonicalJson)
{
    EXPECT_EQ(StableHash(""), StableHash(""));
    EXPECT_EQ(StableHash("").size(), 16u);
    const auto spec = Parse(Spec(kTwoByThree));
    const auto points = ExpandPoints(spec);
    EXPECT_EQ(CanonicalPoint(spec, points[0].values),
              R"({"parameters":{"/circuits/1/bandwidth":"200Mbps","/traffic/0/rate":"10Mbps"}})");
    // Golden value: a key must never change between versions, or resumed sweeps rerun all.
    EXPECT_EQ(StableHash(CanonicalPoint(spec, points[0].values)), "5ae4fd8ca1315191");
    std::set<std::string> keys;
    for (const auto& run : ExpandRuns(spec, points))
    {
        keys.insert(run.key);
    }
    EXPECT_EQ(keys.size(), 27u) << "every run has its own key";
}

TEST(SweepGrid, KeysDoNotDependOnParameterOrderOrNames)
{
    const auto a = Parse(Spec(kTwoByThree));
    const auto b = Parse(Spec(R"("parameters": [
        { "path": "/traffic/0/rate", "name": "rate", "values": ["10Mbps", "20Mbps"] },
        { "path": "/circuits/1/bandwidth", "values": ["200Mbps"] } ], "runs": 2)"));
    EXPECT_EQ(RunKey(a, ExpandPoints(a)[0].values, 2), RunKey(b, ExpandPoints(b)[0].values, 2));
    EXPECT_NE(RunKey(a, ExpandPoints(a)[0].values, 1), RunKey(a, ExpandPoints(a)[0].values, 2));
}

TEST(SweepGrid, PointScenarioAppliesFixedOverridesThenValues)
{
    const auto spec =
        Parse(Spec(std::string(R"("set": { "/simulation/duration": "2s" }, )") + kTwoByThree));
    const auto scenario = PointScenario(spec, ExpandPoints(spec)[4]);
    EXPECT_EQ(scenario["simulation"]["duration"], "2s");
    EXPECT_EQ(scenario["circuits"][1]["bandwidth"], "500Mbps");
    EXPECT_EQ(scenario["traffic"][0]["rate"], "20Mbps");
    EXPECT_EQ(scenario["name"], "contoso-europe") << "everything else is the base scenario";
}

TEST(SweepGrid, TheSpecsEngineRunsEveryPointAndIsFrozenWithTheSweep)
{
    auto spec = Parse(Spec(std::string(R"("engine": "flow", )") + kTwoByThree));
    EXPECT_EQ(spec.engine, "flow");
    EXPECT_EQ(PointScenario(spec, ExpandPoints(spec)[0])["simulation"]["engine"], "flow");
    EXPECT_EQ(FrozenSpec(spec)["engine"], "flow");
    EXPECT_EQ(ParseSweepSpec(FrozenSpec(spec).dump(), "sweep.json", kScenarios).engine, "flow");
    EXPECT_TRUE(HasError(ErrorsOf(Spec(std::string(R"("engine": "fluid", )") + kTwoByThree)),
                         "/engine",
                         "packet"));
    spec.engine.clear();
    EXPECT_FALSE(PointScenario(spec, ExpandPoints(spec)[0])["simulation"].contains("engine"))
        << "without an engine the scenario's own runs";
}

TEST(SweepIndex, HoldsOneRowPerRunWithParameterColumnsAndHeadlineMetrics)
{
    TempDir tmp("sweep-test");
    const auto spec = Parse(Spec(kTwoByThree));
    const auto points = ExpandPoints(spec);
    const auto runs = ExpandRuns(spec, points);
    std::vector<IndexRow> rows;
    for (const auto& run : runs)
    {
        IndexRow row;
        row.key = run.key;
        row.point = run.point;
        row.run = run.run;
        row.values = points[run.point].values;
        if (run.point == 4)
        {
            row.outcome.status = RunStatus::Failed;
            row.outcome.signal = 11;
            row.outcome.stderrTail = "Segmentation fault, \"core\" dumped";
        }
        else
        {
            row.outcome.status = RunStatus::Completed;
            row.outcome.exitCode = 0;
            const auto summary = nlohmann::json::parse(
                R"({"pairs":[{"probe":"fra-to-weu","site":"f","vnet":"w","loss_percent":)" +
                std::to_string(run.point) +
                R"(.5,"rtt_p50_ms":20.0,"throughput_bps":1000}],
                    "links":[{"circuit":"c","link":"primary","peak_utilisation":0.25,
                              "dropped_bits":0}],
                    "flows":[{"flow":"x","rx_bytes":10,"completed":true}]})");
            FlattenSummary(summary, row.headline, row.metrics);
        }
        rows.push_back(row);
    }
    SweepIndex index(tmp.Path() + "/index.sqlite");
    index.Rebuild(spec, rows, ExpectedHeadline(spec.scenario));
    const auto grouped =
        index.Query("SELECT lon_bandwidth, COUNT(*), AVG(fra_to_weu_loss_percent) FROM runs "
                    "WHERE status = 'completed' GROUP BY lon_bandwidth ORDER BY MIN(point)");
    ASSERT_EQ(grouped.size(), 3u);
    EXPECT_EQ(grouped[0], (std::vector<std::string>{"200Mbps", "9", "1.5"}));
    EXPECT_EQ(grouped[1], (std::vector<std::string>{"500Mbps", "6", "4.5"}))
        << "point 4 failed: 2 points x 3 runs left";
    const auto failed = index.Query("SELECT point, status, signal FROM runs WHERE status != "
                                    "'completed' GROUP BY point");
    EXPECT_EQ(failed, (std::vector<std::vector<std::string>>{{"4", "failed", "11"}}));
    EXPECT_EQ(index.Query("SELECT value FROM metrics WHERE name = 'flow/x/completed' LIMIT 1"),
              (std::vector<std::vector<std::string>>{{"1"}}));
    EXPECT_EQ(index.Query("SELECT contoso_lon_secondary_peak_utilisation FROM runs LIMIT 1"),
              (std::vector<std::vector<std::string>>{{""}}))
        << "columns of the scenario's links exist before any run has them";
    EXPECT_EQ(index.Query("SELECT path FROM parameters WHERE name = 'traffic_0_rate'"),
              (std::vector<std::vector<std::string>>{{"/traffic/0/rate"}}));
}

TEST(SweepIndex, UpsertReplacesTheRowAndAddsColumns)
{
    TempDir tmp("sweep-test");
    const auto spec = Parse(Spec(kTwoByThree));
    IndexRow row;
    row.key = "k1";
    row.values = ExpandPoints(spec)[0].values;
    SweepIndex index(tmp.Path() + "/index.sqlite");
    index.Rebuild(spec, {row}, {});
    row.outcome.status = RunStatus::Completed;
    row.headline = {{"new_metric", 42}};
    index.Upsert(spec, row);
    EXPECT_EQ(index.Query("SELECT status, new_metric FROM runs"),
              (std::vector<std::vector<std::string>>{{"completed", "42"}}));
}

TEST(SweepIndex, CsvExportQuotesFieldsThatNeedIt)
{
    TempDir tmp("sweep-test");
    const auto spec = Parse(Spec(kTwoByThree));
    IndexRow row;
    row.key = "k1";
    row.values = ExpandPoints(spec)[0].values;
    row.outcome.status = RunStatus::Failed;
    row.outcome.stderrTail = "line one, with comma\n\"quoted\"";
    SweepIndex index(tmp.Path() + "/index.sqlite");
    index.Rebuild(spec, {row}, {});
    index.ExportCsv(tmp.Path() + "/results.csv");
    std::ifstream in(tmp.Path() + "/results.csv");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.rfind("key,point,run,seed,lon_bandwidth,traffic_0_rate,status,", 0), 0u) << text;
    EXPECT_NE(text.find("\"line one, with comma\n\"\"quoted\"\"\""), std::string::npos) << text;
}

TEST(SweepOptions, TakesValuesInBothForms)
{
    const auto a = ParseSweepOptions({"--spec=s.json", "--out", "d", "--jobs=2"});
    EXPECT_EQ(a.spec, "s.json");
    EXPECT_EQ(a.out, "d");
    EXPECT_EQ(a.jobs.value_or(0), 2u);
    EXPECT_EQ(a.mode, SweepMode::Sweep);
    const auto b = ParseSweepOptions({"--status", "some/dir"});
    EXPECT_EQ(b.mode, SweepMode::Status);
    EXPECT_EQ(b.out, "some/dir");
    EXPECT_EQ(ParseSweepOptions({"--collect=d"}).mode, SweepMode::Collect);
    EXPECT_EQ(ParseSweepOptions({"--spec=s.json", "--engine", "flow"}).engine, "flow");
}

TEST(SweepOptions, BadFlagsAreNamed)
{
    EXPECT_THROW(ParseSweepOptions({"--spec=s", "--jobs=0"}), SweepUsageError);
    EXPECT_THROW(ParseSweepOptions({"--status"}), SweepUsageError) << "--status needs DIR";
    EXPECT_THROW(ParseSweepOptions({"--spec=s", "--dry-run", "--emit-slurm"}), SweepUsageError);
    EXPECT_THROW(ParseSweepOptions({"--spec=s", "--engine=fluid"}), SweepUsageError);
    try
    {
        ParseSweepOptions({"--spec=s", "--dryrun"});
        FAIL() << "--dryrun is not a flag";
    }
    catch (const SweepUsageError& e)
    {
        EXPECT_NE(std::string(e.what()).find("did you mean '--dry-run'"), std::string::npos)
            << e.what();
    }
}

// Before: 1e400 (infinity to strtod), inf and 1e-400 (a denormal or 0 with ERANGE) were taken.
TEST(SweepOptions, AProgressIntervalOutsideItsRangeIsNamed)
{
    for (const char* text : {"1e400", "inf", "nan", "1e-400", "0", "0.05", "86401", "-1", "10s", ""})
    {
        try
        {
            ParseSweepOptions({"--spec=s", std::string("--progress-interval=") + text});
            ADD_FAILURE() << text << " was accepted";
        }
        catch (const SweepUsageError& e)
        {
            EXPECT_EQ(std::string(e.what()),
                      std::string("--progress-interval=") + text +
                          ": expected a number of seconds from 0.1 to 86400 (a day)");
        }
    }
    EXPECT_EQ(ParseSweepOptions({"--spec=s", "--progress-interval=0.1"}).progressInterval, 0.1);
    EXPECT_EQ(ParseSweepOptions({"--spec=s", "--progress-interval=86400"}).progressInterval, 86400);
}

TEST(SweepProgress, LineShowsCountsElapsedAndEta)
{
    EXPECT_EQ(FormatClock(3723), "1:02:03");
    EXPECT_EQ(FormatClock(65), "1:05");
    const ProgressCounts c{10, 4, 1, 2};
    EXPECT_EQ(FormatProgress(c, 2, 20, 10),
              "[####......] 4/10 done, 1 failed, 2 running, 0:20 elapsed, ETA 1:00");
    EXPECT_EQ(FormatProgress(c, 0, 20, 0),
              "4/10 done, 1 failed, 2 running, 0:20 elapsed, ETA --:--")
        << "no ETA before a run of this call has finished";
}

TEST(SweepRunner, ReportsExitStatusSignalAndTimeout)
{
    TempDir tmp("sweep-test");
    auto sh = [&](const std::string& script, double timeout) {
        return ProcessSpec{{"/bin/sh", "-c", script},
                           tmp.Path(),
                           tmp.Path() + "/out",
                           tmp.Path() + "/err",
                           timeout};
    };
    const std::vector<ProcessSpec> specs{sh("exit 0", 0),
                                         sh("echo oops >&2; exit 3", 0),
                                         sh("kill -SEGV $$", 0),
                                         sh("exec sleep 30", 0.3)};
    std::vector<ProcessResult> results(specs.size());
    std::size_t started = 0;
    InterruptHandler interrupts;
    ProcessPool pool(2, 1.0);
    const bool finished = pool.Run(
        specs,
        [&](std::size_t, pid_t) { ++started; },
        [&](std::size_t i, const ProcessResult& r) { results[i] = r; },
        [](std::size_t running) { EXPECT_LE(running, 2u) << "at most 2 at a time"; },
        0.05);
    EXPECT_TRUE(finished);
    EXPECT_EQ(started, 4u);
    EXPECT_EQ(results[0].end, ProcessEnd::Exited);
    EXPECT_EQ(results[0].exitCode, 0);
    EXPECT_EQ(results[1].exitCode, 3);
    EXPECT_EQ(results[2].end, ProcessEnd::Signalled);
    EXPECT_EQ(results[2].signal, SIGSEGV);
    EXPECT_EQ(results[3].end, ProcessEnd::TimedOut);
    EXPECT_LT(results[3].wallSeconds, 5.0) << "killed at its timeout, not after sleep 30";
}

TEST(SweepSlurm, ArrayTaskIRunsPointIThroughTheSameBinary)
{
    SlurmScriptOptions o;
    o.name = "bw by rate";
    o.shape = "27 runs (9 points x 3 runs)";
    o.sweepBinary = "/opt/er/bin/expressroute-sweep";
    o.directory = "/shared/my sweep";
    o.points = 9;
    o.runsPerPoint = 3;
    o.timeoutSeconds = 600;
    o.throttle = 4;
    const std::string script = FormatSlurmScript(o);
    EXPECT_EQ(script.rfind("#!/bin/bash\n", 0), 0u);
    EXPECT_NE(script.find("#SBATCH --array=0-8%4\n"), std::string::npos) << script;
    EXPECT_NE(script.find("#SBATCH --time=33\n"), std::string::npos)
        << "3 runs x (600 s + 5 s grace) = 31 min, + 2 min start-up:\n"
        << script;
    EXPECT_NE(script.find("exec /opt/er/bin/expressroute-sweep --out='/shared/my sweep' "
                          "--point=\"$SLURM_ARRAY_TASK_ID\""),
              std::string::npos)
        << script;
    EXPECT_EQ(script.find("--sim"), std::string::npos) << "the default simulator is not named";
}

TEST(SweepState, ShellQuoteLeavesPlainWordsAlone)
{
    EXPECT_EQ(ShellQuote("--out=runs/ab12"), "--out=runs/ab12");
    EXPECT_EQ(ShellQuote("a b"), "'a b'");
    EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
    EXPECT_EQ(JoinCommand({"sim", "--scenario=inputs/x y.json"}),
              "sim '--scenario=inputs/x y.json'");
}
