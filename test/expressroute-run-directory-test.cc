// SPDX-License-Identifier: GPL-2.0-only
// No user data is ever lost (issue: what-if answers under load, item 5): --out never replaces
// what expressroute-sim did not write, killed runs' temporary directories are cleaned, run.json
// ties a result to its data files, a killed run leaves "running" and its rows (never an older
// run's "completed"), write errors name the file and the OS reason.
#include "expressroute-failure-summary.h"
#include "expressroute-output-writer.h"
#include "expressroute-run-files.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using ns3::expressroute::IsRunDirectory;
using ns3::expressroute::RunDirectory;
using ns3::expressroute::RunDirectoryWriter;
using ns3::expressroute::RunFiles;
using ns3::expressroute::RunRecorder;
using ns3::expressroute::test::TempDir;
namespace fs = std::filesystem;

namespace
{

std::pair<int, std::string>
Sim(const std::string& args, const std::string& env = "")
{
    const auto r = ns3::expressroute::test::RunShell(
        env + " " + std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim --duration=1s " + args);
    return {r.exitCode, r.output};
}

std::string
Read(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(RunDirectoryOut, AForeignDirectoryOrFileIsRefusedAndKept)
{
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("mydata"));
    std::ofstream(tmp.Path("mydata/thesis.txt")) << "four years of work";
    auto [rc, out] = Sim("--out=" + tmp.Path("mydata"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("mydata exists and is not a run directory written by expressroute-sim"),
              std::string::npos)
        << out;
    EXPECT_EQ(Read(tmp.Path("mydata/thesis.txt")), "four years of work");
    EXPECT_EQ(out.find("simulated"), std::string::npos) << "refused before the simulation";

    std::ofstream(tmp.Path("notes.txt")) << "notes";
    std::tie(rc, out) = Sim("--out=" + tmp.Path("notes.txt"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("notes.txt is a file, not a run directory"), std::string::npos) << out;
    EXPECT_EQ(Read(tmp.Path("notes.txt")), "notes");
}

TEST(RunDirectoryOut, AnEarlierRunOfOursIsReplacedAndMarked)
{
    const TempDir tmp("rundir");
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_TRUE(IsRunDirectory(tmp.Path("run")));
    EXPECT_NE(Read(tmp.Path("run/run.json")).find("\"program\": \"expressroute-sim\""),
              std::string::npos);
    std::tie(rc, out) = Sim("--seed=2 --out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_NE(Read(tmp.Path("run/run.json")).find("\"seed\": 2"), std::string::npos);
}

TEST(RunDirectoryOut, TemporaryDirectoriesOfKilledRunsAreRemoved)
{
    const TempDir tmp("rundir");
    // A pid far above pid_max (4194304 at most on Linux): no such process.
    fs::create_directory(tmp.Path("run.tmp-99999999"));
    std::ofstream(tmp.Path("run.tmp-99999999/probes.csv")) << "partial";
    // Process 1 lives, but no writer holds its directory: a run killed in a container, where
    // every run is process 1, left it.
    fs::create_directory(tmp.Path("run.tmp-1"));
    std::ofstream(tmp.Path("run.tmp-1/links.csv")) << "partial";
    // One a live writer holds stays: a run directory open in this test program (as a bench or
    // an example writes one, in a process that is not expressroute-sim).
    std::optional<RunDirectory> live(std::in_place, tmp.Path("run"));
    const std::string mine = live->GetPath();
    ASSERT_EQ(mine, tmp.Path("run.tmp-" + std::to_string(::getpid())));
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_FALSE(fs::exists(tmp.Path("run.tmp-99999999")));
    EXPECT_FALSE(fs::exists(tmp.Path("run.tmp-1")));
    EXPECT_TRUE(fs::exists(mine));
    live.reset();
    EXPECT_FALSE(fs::exists(mine)) << "never committed: removed by its writer";
}

// A run directory that a writer in another program holds (a bench, an example, this test) is
// not replaced: the lock, not the program's name, says it is being written.
TEST(RunDirectoryOut, ARunBeingWrittenByAnyProgramIsNotReplaced)
{
    const TempDir tmp("rundir");
    {
        RunDirectory live(tmp.Path("run"));
        // As RunScenario writes it inside a bench or an example (RunOptions::program).
        live.Write("run.json", "{\"program\": \"expressroute-emulate\", \"status\": "
                               "\"running\", \"pid\": " +
                                   std::to_string(::getpid()) + "}");
        live.Commit();
        const auto writer = RunDirectoryWriter(tmp.Path("run"));
        ASSERT_TRUE(writer.has_value());
        EXPECT_EQ(writer->pid, ::getpid());
        EXPECT_EQ(writer->program, "expressroute-emulate");
        auto [rc, out] = Sim("--out=" + tmp.Path("run"));
        EXPECT_EQ(rc, 1) << out;
        EXPECT_NE(out.find(tmp.Path("run") + " is being written by expressroute-emulate "
                                             "(process " +
                           std::to_string(::getpid()) + ")"),
                  std::string::npos)
            << out;
    }
    // Its writer gone, the same run.json ("running") is a killed run's: replaced.
    EXPECT_FALSE(RunDirectoryWriter(tmp.Path("run")).has_value());
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    EXPECT_EQ(rc, 0) << out;
}

// Two runs given the same --out at once both pass the check at the start (neither is there
// yet); the second to put its directory in place finds the first one's live there and is
// refused, instead of moving it aside and deleting it under its writer.
TEST(RunDirectoryOut, OfTwoRunsStartedTogetherTheSecondToCommitIsRefused)
{
    const TempDir tmp("rundir");
    RunDirectory first(tmp.Path("run"));
    RunDirectory second(tmp.Path("run"));
    first.Write("run.json", "{\"program\": \"expressroute-sim\", \"status\": \"running\", "
                            "\"pid\": " + std::to_string(::getpid()) + "}");
    first.Write("probes.csv", "time_s\n");
    second.Write("run.json", "{\"status\": \"running\"}");
    first.Commit();
    try
    {
        second.Commit();
        ADD_FAILURE() << "the second run replaced the first, live one";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  tmp.Path("run") + " is being written by expressroute-sim (process " +
                      std::to_string(::getpid()) +
                      "), which took it while this run was being set up: not replacing it "
                      "(choose another --out)");
    }
    EXPECT_TRUE(fs::exists(tmp.Path("run/probes.csv"))) << "the first run's files stay";
    first.Write("links.csv", "time_s\n"); // and it goes on writing there
    EXPECT_TRUE(fs::exists(tmp.Path("run/links.csv")));
}

TEST(RunDirectoryOut, WhatAUserAddedToAnEarlierRunIsNeverDeleted)
{
    const TempDir tmp("rundir");
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    std::ofstream(tmp.Path("run/notes.txt")) << "the failover looked slow";
    fs::create_directory(tmp.Path("run/plots"));
    std::ofstream(tmp.Path("run/plots/rtt.png")) << "png";
    std::tie(rc, out) = Sim("--seed=2 --out=" + tmp.Path("run"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("run holds notes.txt, plots, which expressroute-sim or expressroute-emulate did not write"),
              std::string::npos)
        << out;
    EXPECT_EQ(Read(tmp.Path("run/notes.txt")), "the failover looked slow");
    EXPECT_EQ(Read(tmp.Path("run/plots/rtt.png")), "png");
    EXPECT_NE(Read(tmp.Path("run/run.json")).find("\"seed\": 1"), std::string::npos)
        << "the earlier run stays whole";

    // A file among the captures is not a capture.
    fs::remove_all(tmp.Path("run/plots"));
    fs::remove(tmp.Path("run/notes.txt"));
    fs::create_directory(tmp.Path("run/pcap"));
    std::ofstream(tmp.Path("run/pcap/circuit.pcap")) << "pcap";
    std::ofstream(tmp.Path("run/pcap/readme.txt")) << "mine";
    std::tie(rc, out) = Sim("--seed=2 --out=" + tmp.Path("run"));
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("run holds pcap/readme.txt"), std::string::npos) << out;
    fs::remove(tmp.Path("run/pcap/readme.txt"));
    std::tie(rc, out) = Sim("--seed=2 --out=" + tmp.Path("run"));
    EXPECT_EQ(rc, 0) << "only its own files: replaced. " << out;
    EXPECT_FALSE(fs::exists(tmp.Path("run/pcap")));
}

TEST(RunDirectoryOut, LeftoverNamesOfOtherDirectoriesAreNotEnoughToDeleteThem)
{
    const TempDir tmp("rundir");
    // Named like a killed run's leftovers, with a pid that no process has, but a user's.
    fs::create_directory(tmp.Path("run.old-99999998"));
    std::ofstream(tmp.Path("run.old-99999998/budget.xlsx")) << "numbers";
    fs::create_directory(tmp.Path("run.tmp-99999997"));
    std::ofstream(tmp.Path("run.tmp-99999997/run.json")) << "{\"program\": \"expressroute-sim\"}";
    std::ofstream(tmp.Path("run.tmp-99999997/mine.txt")) << "mine";
    auto [rc, out] = Sim("--out=" + tmp.Path("run"));
    ASSERT_EQ(rc, 0) << out;
    EXPECT_EQ(Read(tmp.Path("run.old-99999998/budget.xlsx")), "numbers");
    EXPECT_EQ(Read(tmp.Path("run.tmp-99999997/mine.txt")), "mine");
    EXPECT_TRUE(fs::exists(tmp.Path("run.tmp-99999997/run.json"))) << "left whole";
}

TEST(RunDirectoryOut, WhatAppearsInTheEarlierRunBeforeTheRenameIsKeptAside)
{
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("run"));
    std::ofstream(tmp.Path("run/run.json")) << "{\"program\": \"expressroute-sim\"}";
    std::ofstream(tmp.Path("run/probes.csv")) << "time_s";
    RunDirectory dir(tmp.Path("run"));
    // Written after the check, before the new run takes the path.
    std::ofstream(tmp.Path("run/late.txt")) << "late";
    dir.Write("run.json", "{}");
    dir.Commit();
    ASSERT_FALSE(dir.GetKeptAside().empty());
    EXPECT_EQ(Read(dir.GetKeptAside() + "/late.txt"), "late");
    EXPECT_FALSE(fs::exists(dir.GetKeptAside() + "/probes.csv")) << "the old run's own files go";
    EXPECT_EQ(Read(tmp.Path("run/run.json")), "{}");
}

TEST(RunDirectoryOut, RunJsonTiesTheResultToItsDataFiles)
{
    const TempDir tmp("rundir");
    auto [rc, out] = Sim("--out=" + tmp.Path("a"));
    ASSERT_EQ(rc, 0) << out;
    const std::string a = Read(tmp.Path("a/run.json"));
    EXPECT_NE(a.find("\"from\": \"built-in\""), std::string::npos) << a;
    EXPECT_NE(a.find("\"digest\": \"fnv1a64:"), std::string::npos) << a;
    // A copy of the data with one byte changed: another digest, and the source named.
    fs::copy(std::string(EXPRESSROUTE_SOURCE_DIR) + "/data", tmp.Path("data"));
    std::ofstream(tmp.Path("data/regions.csv"), std::ios::app) << "\n";
    std::tie(rc, out) = Sim("--out=" + tmp.Path("b"), "EXPRESSROUTE_DATA_DIR=" + tmp.Path("data"));
    ASSERT_EQ(rc, 0) << out;
    const std::string b = Read(tmp.Path("b/run.json"));
    EXPECT_NE(b.find("\"from\": \"EXPRESSROUTE_DATA_DIR\""), std::string::npos) << b;
    const auto digest = [](const std::string& j) {
        const auto at = j.find("\"digest\": ");
        return j.substr(at, 36);
    };
    EXPECT_NE(digest(a), digest(b));
}

namespace
{

/// run.json as JSON, or null while it does not exist.
nlohmann::json
RunJsonAt(const std::string& dir)
{
    const std::string text = Read(dir + "/run.json");
    return text.empty() ? nlohmann::json() : nlohmann::json::parse(text, nullptr, false);
}

/// The largest interval_end_s of links.csv.
double
LastLinkInterval(const std::string& dir)
{
    std::istringstream in(Read(dir + "/links.csv"));
    std::string line;
    std::getline(in, line); // header
    double last = -1;
    while (std::getline(in, line))
    {
        const auto comma = line.find(',');
        last = std::max(last, std::stod(line.substr(comma + 1)));
    }
    return last;
}

} // namespace

TEST(RunDirectoryOut, AKilledRunLeavesRunningAndItsRowsNeverAnOlderCompleted)
{
    const TempDir tmp("rundir");
    const std::string run = tmp.Path("run");
    auto [rc, out] = Sim("--out=" + run);
    ASSERT_EQ(rc, 0) << out;
    ASSERT_EQ(RunJsonAt(run)["status"], "completed");

    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0)
    {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        const std::string sim = std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim";
        const std::string outArg = "--out=" + run;
        ::execl(sim.c_str(), sim.c_str(), "--duration=300s", outArg.c_str(), nullptr);
        ::_exit(127);
    }
    // Watch run.json until the run has simulated a few seconds, then kill it without warning.
    nlohmann::json j;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline)
    {
        j = RunJsonAt(run);
        if (j.is_object() && j["status"] == "running" && j["duration_s"].get<double>() >= 3)
        {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // While it runs, another run at the same path is refused and changes nothing.
    auto [rc2, out2] = Sim("--out=" + run);
    EXPECT_EQ(rc2, 1) << out2;
    EXPECT_NE(out2.find(run + " is being written by expressroute-sim (process " +
                        std::to_string(child) + ")"),
              std::string::npos)
        << out2;
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the run ended by itself before it could be killed";

    j = RunJsonAt(run);
    ASSERT_TRUE(j.is_object()) << Read(run + "/run.json");
    EXPECT_EQ(j["status"], "running");
    const double reached = j["duration_s"].get<double>();
    EXPECT_GE(reached, 3.0) << "the time reached is updated as the run goes";
    EXPECT_LT(reached, 300.0);
    EXPECT_EQ(j["planned_duration_s"].get<double>(), 300.0);
    EXPECT_TRUE(IsRunDirectory(run)) << "a killed run can be replaced by the next one";
    EXPECT_FALSE(fs::exists(run + "/summary.json")) << "the older run's summary is gone";
    // The rows reached run.json's time (1 s link intervals): they were streamed, not kept.
    EXPECT_GE(LastLinkInterval(run), reached - 1.0);
    EXPECT_NE(Read(run + "/probes.csv").find("\n1.000000,"), std::string::npos)
        << "probes of scenario second 1 on disk";

    // The killed run's pid is gone: the next run replaces it.
    std::tie(rc, out) = Sim("--out=" + run);
    EXPECT_EQ(rc, 0) << out;
    EXPECT_EQ(RunJsonAt(run)["status"], "completed");
    EXPECT_FALSE(RunJsonAt(run).contains("pid")) << "only a running run.json names its writer";
}

TEST(RunDirectoryOut, ARunningRunJsonOfAnotherProgramsPidDoesNotLockThePath)
{
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("run"));
    // This test program is alive, but it is not expressroute-sim: a reused process id.
    std::ofstream(tmp.Path("run/run.json"))
        << "{\"program\": \"expressroute-sim\", \"status\": \"running\", \"pid\": "
        << ::getpid() << "}";
    EXPECT_FALSE(RunDirectoryWriter(tmp.Path("run")).has_value());
    RunDirectory dir(tmp.Path("run"));
    dir.Commit();
    EXPECT_FALSE(fs::exists(tmp.Path("run/run.json"))) << "the killed run was replaced";
}

TEST(RunDirectoryOut, AWriteErrorNamesTheFileAndTheReasonAndTheSummaryIsStillPrinted)
{
    const TempDir tmp("rundir");
    const std::string run = tmp.Path("run");
    // 12 KiB per file: run.json (about 5 KiB) fits, the tables of 10 s do not.
    auto [rc, out] = Sim("--duration=10s --out=" + run, "ulimit -f 12;");
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find("error: cannot write " + run + "/"), std::string::npos) << out;
    EXPECT_NE(out.find(".csv: File too large"), std::string::npos) << out;
    EXPECT_NE(out.find("s simulated"), std::string::npos) << "the summary is printed: " << out;
    EXPECT_NE(out.find("fra-to-eus"), std::string::npos) << out;
    const auto j = RunJsonAt(run);
    ASSERT_TRUE(j.is_object()) << out;
    EXPECT_EQ(j["status"], "failed");
    EXPECT_NE(j["error"].get<std::string>().find("File too large"), std::string::npos);

    // Captures are checked too.
    std::tie(rc, out) = Sim("--duration=10s --pcap --out=" + run, "ulimit -f 200;");
    EXPECT_EQ(rc, 1) << out;
    EXPECT_NE(out.find(".pcap: File too large"), std::string::npos) << out;
    EXPECT_NE(out.find("error: cannot write " + run + "/pcap/"), std::string::npos) << out;
}

TEST(RunDirectoryOut, TablesStreamedInPiecesEqualTheTablesWrittenAtOnce)
{
    const TempDir tmp("rundir");
    RunRecorder recorder;
    const auto probe = [&recorder](uint32_t seq, bool success) {
        ns3::expressroute::ProbeRecord p;
        p.probe = "p";
        p.site = "s";
        p.vnet = "v";
        p.seq = seq;
        p.sent = ns3::Seconds(seq);
        p.rtt = ns3::MilliSeconds(12);
        p.success = success;
        recorder.AddProbe(p);
    };
    RunFiles files(tmp.Path());
    files.Append(recorder);
    EXPECT_EQ(Read(tmp.Path("probes.csv")),
              "time_s,probe,site,vnet,seq,success,rtt_ms,count,last_time_s\n")
        << "the header line is on disk before any row";
    probe(1, true);
    probe(2, false);
    files.Append(recorder);
    files.Append(recorder);
    probe(3, true);
    files.Append(recorder);
    files.Close();
    EXPECT_FALSE(files.GetError().has_value());
    EXPECT_EQ(Read(tmp.Path("probes.csv")),
              ns3::expressroute::FormatProbesCsv(recorder.GetProbes()));
    EXPECT_EQ(Read(tmp.Path("links.csv")), ns3::expressroute::FormatLinksCsv({}));
    EXPECT_EQ(Read(tmp.Path("flows.csv")), ns3::expressroute::FormatFlowsCsv({}));
}

TEST(RunDirectoryOut, ProbeRunsStandForEveryProbeAndCloseAtTheSpanAndAtEachChange)
{
    RunRecorder recorder;
    recorder.SetProbeRowSpan(ns3::Seconds(60));
    const auto probe = [&recorder](uint32_t seq, bool success, int rttMs) {
        ns3::expressroute::ProbeRecord p;
        p.probe = "p";
        p.site = "s";
        p.vnet = "v";
        p.seq = seq;
        p.sent = ns3::Seconds(seq);
        p.rtt = success ? ns3::MilliSeconds(rttMs) : ns3::Time(0);
        p.success = success;
        recorder.AddProbe(p);
    };
    for (uint32_t s = 0; s < 130; ++s)
    {
        // answered at 12 ms, lost from 70 s to 72 s, 13 ms from 73 s on
        probe(s, s < 70 || s > 72, s < 70 ? 12 : 13);
    }
    EXPECT_EQ(recorder.GetProbes().size(), 4u) << "only closed runs are stored before the end";
    recorder.FlushProbes();
    EXPECT_EQ(ns3::expressroute::FormatProbesCsv(recorder.GetProbes()),
              "time_s,probe,site,vnet,seq,success,rtt_ms,count,last_time_s\n"
              "0.000000,p,s,v,0,1,12.000000,60,59.000000\n"
              "60.000000,p,s,v,60,1,12.000000,10,69.000000\n"
              "70.000000,p,s,v,70,0,,3,72.000000\n"
              "73.000000,p,s,v,73,1,13.000000,47,119.000000\n"
              "120.000000,p,s,v,120,1,13.000000,10,129.000000\n");
    const auto pairs =
        ns3::expressroute::SummarisePairs(recorder.GetProbes(), {}, {"p"}, ns3::Seconds(130));
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0].probesSent, 130u);
    EXPECT_EQ(pairs[0].probesLost, 3u);
    EXPECT_EQ(pairs[0].outages, 1u);
    EXPECT_DOUBLE_EQ(pairs[0].longestOutageS, 3.0) << "from the first lost probe to the next answer";
    EXPECT_DOUBLE_EQ(pairs[0].rttP50Ms, 12.0) << "70 of the 127 answers at 12 ms, 57 at 13 ms";
    EXPECT_DOUBLE_EQ(pairs[0].rttMaxMs, 13.0);
}

TEST(RunDirectoryOut, AFailureSummarySaysWhatMovedAndWhichLinksAreOver80PercentOnMinuteSamples)
{
    using ns3::Seconds;
    std::vector<ns3::expressroute::FailureEventRecord> events{
        {Seconds(600), "FailureStarted", "PeeringLocationOutage", "A", "links=2 mode=Silent"},
        {Seconds(1200), "FailureCleared", "PeeringLocationOutage", "A", ""}};
    std::vector<ns3::expressroute::LinkSample> links;
    for (int m = 0; m < 30; ++m)
    {
        for (const char* c : {"a", "b"})
        {
            ns3::expressroute::LinkSample s;
            s.start = Seconds(60 * m);
            s.end = Seconds(60 * (m + 1));
            s.circuit = c;
            s.role = "primary";
            s.rateBps = 100000000;
            const bool failed = m >= 10 && m < 20;
            const double mbps = std::string(c) == "a" ? (failed ? 0 : 50) : (failed ? 95 : 45);
            s.bitsIn = static_cast<uint64_t>(mbps * 1e6 * 60);
            links.push_back(s);
        }
    }
    const auto f = ns3::expressroute::SummariseFailures(events, {}, {}, {}, links, Seconds(1800));
    ASSERT_EQ(f.size(), 1u);
    EXPECT_NEAR(f[0].shiftedBps, 50e6, 1e3) << "b gained 50 Mbit/s, measured on 60 s samples";
    EXPECT_EQ(f[0].from, std::vector<std::string>{"a/primary"});
    ASSERT_EQ(f[0].linksOver80.size(), 1u);
    EXPECT_EQ(f[0].linksOver80[0].first, "b/primary");
    EXPECT_NEAR(f[0].linksOver80[0].second, 95.0, 0.01);
    EXPECT_NE(ns3::expressroute::FormatFailureHeadline(f[0]).find("over 80 % afterwards: b/primary 95 %"),
              std::string::npos)
        << ns3::expressroute::FormatFailureHeadline(f[0]);
}

// A pair's throughput is what its flows delivered over the time they ran: two 1 s transfers of
// 10 Mbit/s, 10 s apart, are 20 Mbit over 11 s, not 20 Mbit/s (a day of 100,000 flows summed
// per flow used to claim 40 Gbit/s on 1 Gbit/s circuits).
TEST(RunDirectoryOut, PairThroughputDoesNotAddFlowsThatRanOneAfterAnother)
{
    std::vector<ns3::expressroute::FlowRecord> flows(2);
    for (int i = 0; i < 2; ++i)
    {
        auto& f = flows[i];
        f.flow = i == 0 ? "a" : "b";
        f.kind = "Bulk";
        f.protocol = "tcp";
        f.from = "hq";
        f.to = "hub";
        f.start = ns3::Seconds(10 * i);
        f.rxBytes = f.txBytes = 1'250'000;
        f.firstRx = ns3::Seconds(10 * i) + ns3::MilliSeconds(10);
        f.lastRx = ns3::Seconds(10 * i + 1);
    }
    ns3::expressroute::ProbeRecord p;
    p.probe = "hq-to-hub";
    p.site = "hq";
    p.vnet = "hub";
    p.success = true;
    p.rtt = ns3::MilliSeconds(10);
    const auto pairs =
        ns3::expressroute::SummarisePairs({p}, flows, {"hq-to-hub"}, ns3::Seconds(60));
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_NEAR(pairs[0].throughputBps, 20e6 / 11, 1.0);
}

TEST(RunDirectoryOut, ANameKeptAsideEarlierDoesNotBlockTheNextRun)
{
    // In a container every run is process 1: DIR.old-1, kept aside with someone's file in it,
    // made every later run fail with "cannot replace DIR: Directory not empty".
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("run"));
    std::ofstream(tmp.Path("run/run.json")) << "{\"program\": \"expressroute-sim\"}";
    const std::string mine = tmp.Path("run.old-" + std::to_string(::getpid()));
    fs::create_directory(mine);
    std::ofstream(mine + "/notes.txt") << "kept";
    std::ofstream(tmp.Path("run.tmp-" + std::to_string(::getpid()))) << "a file, not ours";
    RunDirectory dir(tmp.Path("run"));
    dir.Write("run.json", "{}");
    EXPECT_NO_THROW(dir.Commit());
    EXPECT_EQ(Read(tmp.Path("run/run.json")), "{}");
    EXPECT_EQ(Read(mine + "/notes.txt"), "kept");
    EXPECT_EQ(Read(tmp.Path("run.tmp-" + std::to_string(::getpid()))), "a file, not ours");
}

TEST(RunDirectoryOut, ASymbolicLinkIsRefusedNotReplaced)
{
    // Before: the link was renamed aside and replaced by a real directory.
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("target"));
    fs::create_directory_symlink(tmp.Path("target"), tmp.Path("link"));
    try
    {
        RunDirectory dir(tmp.Path("link"));
        FAIL() << "a symbolic link was taken";
    }
    catch (const std::runtime_error& e)
    {
        EXPECT_NE(std::string(e.what()).find("link is a symbolic link"), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(fs::is_symlink(tmp.Path("link")));
}

TEST(RunDirectoryOut, AResilienceAnalysisFromBeforeItsProgramKeyIsStillItsOwn)
{
    const TempDir tmp("rundir");
    fs::create_directory(tmp.Path("analysis"));
    std::ofstream(tmp.Path("analysis/summary.json"))
        << "{\"scenario\": \"contoso\", \"depth\": 1, \"counts\": {}}";
    std::ofstream(tmp.Path("analysis/digest.txt")) << "old";
    RunDirectory dir(tmp.Path("analysis"), ns3::expressroute::ResilienceRunOwner());
    dir.Write("digest.txt", "new");
    dir.Commit();
    EXPECT_EQ(Read(tmp.Path("analysis/digest.txt")), "new");
    EXPECT_TRUE(dir.GetKeptAside().empty());
}
