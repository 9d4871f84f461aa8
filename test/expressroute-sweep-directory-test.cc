// SPDX-License-Identifier: GPL-2.0-only
// What the files of a sweep say about a run (doc/sweeps.md): a run is completed only when its
// run.json and summary.json both parse with the types the index reads; a damaged one is failed,
// names the file and what is wrong, and runs again. The end-to-end check (a truncated
// summary.json after a real sweep, then --collect and resume) is in test/python/test_sweep.py.
#include "expressroute-sweep-directory.h"
#include "expressroute-sweep-index.h"
#include "expressroute-sweep-runner.h"
#include "expressroute-sweep-state.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

using namespace ns3;
using namespace ns3::expressroute;
using test::RunProgram;
using test::TempDir;

namespace
{

/// A summary.json of one pair, one link and one flow, as expressroute-sim writes it.
const char* kSummary = R"({
  "pairs": [{"probe": "fra-to-weu", "site": "fra", "vnet": "weu", "loss_percent": 0.5,
             "rtt_p50_ms": null, "rtt_p99_ms": 21.5, "throughput_bps": 1000}],
  "links": [{"circuit": "c", "link": "primary", "peak_utilisation": 0.25, "dropped_bits": 0}],
  "flows": [{"flow": "x", "rx_bytes": 10, "completed": true}],
  "failures": []
})";

/// A sweep directory with one run, "k1", whose run.json and summary.json are @p run and
/// @p summary (not written when empty).
void
WriteRun(const TempDir& tmp, const std::string& run, const std::string& summary)
{
    std::filesystem::create_directories(tmp.Path("runs/k1"));
    std::ofstream(tmp.Path("runs/k1/run.json")) << run;
    if (!summary.empty())
    {
        std::ofstream(tmp.Path("runs/k1/summary.json")) << summary;
    }
}

const char* kCompleted = R"({"status": "completed", "events": 1234, "wall_time_s": 0.5})";

} // namespace

TEST(SweepDirectory, CompletedRunNeedsRunJsonAndSummaryThatParse)
{
    TempDir tmp("sweep-test");
    WriteRun(tmp, kCompleted, kSummary);
    const SweepDirectory dir(tmp.Path());
    const RunOutcome o = dir.ReadOutcome("k1");
    EXPECT_EQ(o.status, RunStatus::Completed) << o.damage;
    EXPECT_EQ(o.events, 1234u);
    EXPECT_TRUE(o.damage.empty()) << "a null metric (no RTT) is a valid summary: " << o.damage;
}

TEST(SweepDirectory, TruncatedSummaryMakesTheRunFailedNamingTheFile)
{
    TempDir tmp("sweep-test");
    const std::string summary = kSummary;
    WriteRun(tmp, kCompleted, summary.substr(0, 120));
    const SweepDirectory dir(tmp.Path());
    const RunOutcome o = dir.ReadOutcome("k1");
    EXPECT_EQ(o.status, RunStatus::Failed);
    EXPECT_EQ(o.damage.rfind(tmp.Path("runs/k1/summary.json: truncated: ends after 120 bytes"), 0),
              0u)
        << o.damage;
    EXPECT_EQ(o.stderrTail, o.damage) << "the index and --status show why";
    EXPECT_FALSE(o.events.has_value()) << "nothing of a damaged run is taken as a result";
    EXPECT_TRUE(ShouldRun(o, false)) << "a damaged run runs again without --retry-failed";
    EXPECT_FALSE(dir.ReadSummary("k1").has_value());
}

TEST(SweepDirectory, SummaryOfTheWrongTypesIsNamedByPointer)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"pairs": [{"probe": 7}], "links": [], "flows": []})",
         "/pairs/0/probe: expected a string, got number"},
        {R"({"pairs": [{"probe": "p", "loss_percent": "high"}], "links": [], "flows": []})",
         "/pairs/0/loss_percent: expected a number or null, got string \"high\""},
        {R"({"pairs": [], "links": {"circuit": "c"}, "flows": []})",
         "/links: expected an array, got object"},
        {R"({"pairs": [], "links": [], "flows": [3]})", "/flows/0: expected an object, got number"},
        {R"({"pairs": [], "links": []})", "/flows: missing"},
        {R"([1, 2])", "expected an object, got array"},
    };
    for (const auto& [text, why] : cases)
    {
        TempDir tmp("sweep-test");
        WriteRun(tmp, kCompleted, text);
        const RunOutcome o = SweepDirectory(tmp.Path()).ReadOutcome("k1");
        EXPECT_EQ(o.status, RunStatus::Failed) << text;
        EXPECT_EQ(o.damage, tmp.Path("runs/k1/summary.json: ") + why) << text;
    }
}

TEST(SweepDirectory, DamagedOrMissingFilesOfACompletedRunAreNamed)
{
    TempDir tmp("sweep-test");
    WriteRun(tmp, R"({"status": 5})", kSummary);
    EXPECT_EQ(SweepDirectory(tmp.Path()).ReadOutcome("k1").damage,
              tmp.Path("runs/k1/run.json: /status: expected a string, got number"));
    WriteRun(tmp, R"({"status": "completed", "events": -3})", kSummary);
    EXPECT_EQ(SweepDirectory(tmp.Path()).ReadOutcome("k1").damage,
              tmp.Path("runs/k1/run.json: /events: expected a count, got -3"));
    WriteRun(tmp, "", "");
    EXPECT_EQ(SweepDirectory(tmp.Path()).ReadOutcome("k1").damage,
              tmp.Path("runs/k1/run.json: empty file (truncated?)"));
    WriteRun(tmp, kCompleted, "");
    std::filesystem::remove(tmp.Path("runs/k1/summary.json"));
    EXPECT_EQ(SweepDirectory(tmp.Path()).ReadOutcome("k1").damage,
              tmp.Path("runs/k1/summary.json: missing, though run.json says completed"));
}

TEST(SweepDirectory, RunJsonOfARunKilledWithTheSweepLeavesItPending)
{
    TempDir tmp("sweep-test");
    WriteRun(tmp, R"({"status": "running", "simulated_s": 4.5})", "");
    const RunOutcome o = SweepDirectory(tmp.Path()).ReadOutcome("k1");
    EXPECT_EQ(o.status, RunStatus::Pending) << "killed mid-way: it runs again";
    EXPECT_TRUE(o.damage.empty()) << o.damage;
}

// A run that completed once, then ran again (its summary damaged) and was killed with the
// sweep before its new record was written: the run directory, not the older record, says what
// it is (it counted as completed, with no metrics, in results.csv and the report).
TEST(SweepDirectory, AnOlderRecordOfCompletionDoesNotHideARunKilledSince)
{
    TempDir tmp("sweep-test");
    std::filesystem::create_directories(tmp.Path("logs"));
    std::ofstream(tmp.Path("logs/k1.json")) << R"({"status": "completed", "exit_code": 0})";
    WriteRun(tmp, R"({"status": "running", "simulated_s": 1.5})", "");
    const SweepDirectory dir(tmp.Path());
    EXPECT_EQ(dir.ReadOutcome("k1").status, RunStatus::Pending) << "it runs again";
    WriteRun(tmp, R"({"status": "failed", "error": "cannot write probes.csv"})", "");
    const RunOutcome failed = dir.ReadOutcome("k1");
    EXPECT_EQ(failed.status, RunStatus::Failed);
    EXPECT_EQ(failed.stderrTail, "cannot write probes.csv");
    WriteRun(tmp, kCompleted, kSummary);
    EXPECT_EQ(dir.ReadOutcome("k1").status, RunStatus::Completed);
}

TEST(SweepIndex, SummaryWithWrongTypesNeverThrowsWhenFlattened)
{
    std::vector<Metric> headline;
    std::vector<Metric> metrics;
    const auto bad = nlohmann::json::parse(
        R"({"pairs": [{"probe": 7, "loss_percent": 1}, {"probe": "ok", "loss_percent": 2}],
            "links": {"circuit": "c"}, "flows": [3]})");
    EXPECT_NO_THROW(FlattenSummary(bad, headline, metrics));
    EXPECT_EQ(headline, (std::vector<Metric>{{"ok_loss_percent", 2}}))
        << "only the well-formed entry";
}


TEST(SweepDirectory, AUsersFolderIsNeverSweptInto)
{
    const TempDir tmp("sweepdir");
    // Before: a sweep took it over, rewrote results.csv and removed runs/old.tmp-123.
    std::ofstream(tmp.Path("results.csv")) << "my results, do not lose";
    std::filesystem::create_directories(tmp.Path("runs/old.tmp-123"));
    const SweepDirectory dir(tmp.Path());
    try
    {
        dir.RefuseForeign();
        FAIL() << "a folder without sweep.json was accepted";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_NE(std::string(e.what()).find(
                      "exists and is not a sweep directory (no sweep.json; it holds results.csv, "
                      "runs)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(std::filesystem::exists(tmp.Path("runs/old.tmp-123")));

    // What a sweep killed before writing its sweep.json leaves is taken again.
    const TempDir killed("sweepdir");
    std::ofstream(killed.Path(".lock")) << "";
    for (const char* sub : {"inputs", "runs", "logs"})
    {
        std::filesystem::create_directories(killed.Path(sub));
    }
    EXPECT_NO_THROW(SweepDirectory(killed.Path()).RefuseForeign());
    const TempDir empty("sweepdir");
    EXPECT_NO_THROW(SweepDirectory(empty.Path()).RefuseForeign());
}

// Before: --dry-run skipped the checks of the directory and exited 0 with a plan for a file, a
// user's folder or the directory of another sweep, which the sweep itself then refused.
TEST(SweepDirectory, ADryRunRefusesWhatTheSweepRefusesAndCreatesNothing)
{
    const TempDir tmp("sweepdry");
    const std::string spec = EXPRESSROUTE_SOURCE_DIR + "/test/sweeps/bandwidth-by-rate.json";
    const auto both = [&](const std::string& args) {
        const auto dry = RunProgram("expressroute-sweep " + args + " --dry-run");
        const auto real = RunProgram("expressroute-sweep " + args);
        EXPECT_EQ(dry.exitCode, 1) << dry.output;
        EXPECT_EQ(dry.output, real.output) << "the dry run refuses as the sweep does";
        EXPECT_EQ(real.exitCode, 1) << real.output;
        return dry.output;
    };

    std::ofstream(tmp.Path("afile")) << "mine";
    EXPECT_EQ(both("--spec=" + spec + " --out=" + tmp.Path("afile")),
              "error: " + tmp.Path("afile") +
                  " is a file, not a sweep directory: not sweeping into it (choose another "
                  "--out)\n");
    std::filesystem::create_directories(tmp.Path("folder"));
    std::ofstream(tmp.Path("folder/notes.txt")) << "mine";
    EXPECT_EQ(both("--spec=" + spec + " --out=" + tmp.Path("folder")),
              "error: " + tmp.Path("folder") +
                  " exists and is not a sweep directory (no sweep.json; it holds notes.txt): not "
                  "sweeping into it (choose another --out)\n");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.Path("folder")),
                            std::filesystem::directory_iterator()),
              1)
        << "nothing created beside notes.txt";

    // The directory of a sweep of another seed.
    const auto made = RunProgram("expressroute-sweep --spec=" + spec + " --out=" +
                                 tmp.Path("sweep") + " --emit-slurm");
    ASSERT_EQ(made.exitCode, 0) << made.output;
    std::ifstream in(spec);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("\"seed\": 1"), 9, "\"seed\": 2");
    text.replace(text.find("../../examples"), 14, EXPRESSROUTE_SOURCE_DIR + "/examples");
    std::ofstream(tmp.Path("seed2.json")) << text;
    EXPECT_EQ(both("--spec=" + tmp.Path("seed2.json") + " --out=" + tmp.Path("sweep")),
              tmp.Path("seed2.json") + ": /seed: seed 2 differs from the sweep already in " +
                  tmp.Path("sweep") +
                  " (sweep.json): its runs answer another question; sweep into a new directory "
                  "(seed 1)\n");

    const auto ok = RunProgram("expressroute-sweep --spec=" + spec + " --out=" +
                               tmp.Path("new") + " --dry-run");
    EXPECT_EQ(ok.exitCode, 0) << ok.output;
    EXPECT_NE(ok.output.find("27 runs: 0 finished, 27 to run"), std::string::npos) << ok.output;
    EXPECT_FALSE(std::filesystem::exists(tmp.Path("new")));
}

TEST(SweepDirectory, AnInterruptedRunKeepsTheExitStatusTheSimulatorGave)
{
    const TempDir tmp("sweepdir");
    WriteRun(tmp, R"({"status": "interrupted", "events": 10, "wall_time_s": 0.5})", "");
    const SweepDirectory dir(tmp.Path());
    // Before: exit_code null and signal 0 although the simulator exited 130.
    ProcessResult asked;
    asked.end = ProcessEnd::Interrupted;
    asked.exitCode = 130;
    const RunOutcome o = Classify(asked, dir, "k1");
    EXPECT_EQ(o.status, RunStatus::Interrupted);
    ASSERT_TRUE(o.exitCode.has_value());
    EXPECT_EQ(*o.exitCode, 130);
    EXPECT_FALSE(o.signal.has_value());
    ProcessResult killed;
    killed.end = ProcessEnd::TimedOut;
    killed.signal = SIGKILL;
    const RunOutcome k = Classify(killed, dir, "k1");
    EXPECT_EQ(k.status, RunStatus::Timeout);
    EXPECT_FALSE(k.exitCode.has_value());
    ASSERT_TRUE(k.signal.has_value());
    EXPECT_EQ(*k.signal, SIGKILL);
}

TEST(SweepDirectory, ADamagedRunIsDiscardedButNotWhatSomeoneAddedToIt)
{
    const TempDir tmp("sweepdir");
    WriteRun(tmp, kCompleted, "{\"pairs\": 3}");
    std::ofstream(tmp.Path("runs/k1/why-it-broke.txt")) << "notes";
    const SweepDirectory dir(tmp.Path());
    dir.DiscardRun("k1");
    EXPECT_FALSE(std::filesystem::exists(tmp.Path("runs/k1"))) << "the run goes, to run again";
    bool kept = false;
    for (const auto& e : std::filesystem::directory_iterator(tmp.Path("runs")))
    {
        if (std::filesystem::exists(e.path() / "why-it-broke.txt"))
        {
            kept = true;
            EXPECT_FALSE(std::filesystem::exists(e.path() / "run.json")) << "its files went";
        }
    }
    EXPECT_TRUE(kept) << "the notes stay, aside";
    dir.RemoveAllLeftovers();
    kept = false;
    for (const auto& e : std::filesystem::directory_iterator(tmp.Path("runs")))
    {
        kept = kept || std::filesystem::exists(e.path() / "why-it-broke.txt");
    }
    EXPECT_TRUE(kept) << "a leftover with someone's file in it is left whole";
}
