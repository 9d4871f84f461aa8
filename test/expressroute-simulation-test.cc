// SPDX-License-Identifier: GPL-2.0-only
// End-to-end runs of the default scenario: probes succeed at the right RTT, traffic arrives,
// the run directory holds its files, two runs give byte-identical outputs, and an interrupted run
// reports the time it reached.
#include "expressroute-output-writer.h"
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

std::string
WithoutWallTime(const std::string& runJson)
{
    std::istringstream in(runJson);
    std::string line;
    std::string out;
    while (std::getline(in, line))
    {
        if (line.find("\"wall_time_s\"") == std::string::npos)
        {
            out += line + "\n";
        }
    }
    return out;
}

/// A fresh temporary directory, removed with everything in it at the end of the test.
class ScratchDir
{
  public:
    ScratchDir()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "expressroute-sim-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
        {
            throw std::runtime_error("mkdtemp failed");
        }
        m_path = pattern;
    }
    ~ScratchDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string operator/(const std::string& name) const { return m_path + "/" + name; }
    const std::string& Path() const { return m_path; }

  private:
    std::string m_path;
};

const PairSummary&
Pair(const RunResult& r, const std::string& probe)
{
    for (const auto& p : r.pairs)
    {
        if (p.probe == probe)
        {
            return p;
        }
    }
    throw std::runtime_error("no probe " + probe);
}

} // namespace

using SimulationTest = test::SimulatorTest;

TEST_F(SimulationTest, DefaultScenarioProbesSucceedAtBackboneLatency)
{
    RunOptions options;
    options.duration = Seconds(5);
    options.writeOutputs = false;
    const RunResult r = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    ASSERT_EQ(r.pairs.size(), 5u);
    for (const auto& p : r.pairs)
    {
        EXPECT_EQ(p.probesSent, 5u) << p.probe << ": one probe per second for 5 s";
        EXPECT_EQ(p.probesLost, 0u) << p.probe;
    }
    // Frankfurt reaches East US through London (UK South): at least the backbone RTT between
    // UK South and East US, plus at most 15 ms of access (Frankfurt-London and LANs).
    const double backbone = m_backbone->GetRtt("UK South", "East US").GetSeconds() * 1e3;
    EXPECT_GT(Pair(r, "fra-to-eus").rttP50Ms, backbone);
    EXPECT_LT(Pair(r, "fra-to-eus").rttP50Ms, backbone + 15.0);
    // Amsterdam's circuit lands in West Europe's own metro: a few ms at most.
    EXPECT_LT(Pair(r, "ams-to-weu").rttP50Ms, 5.0);
}

TEST_F(SimulationTest, DefaultScenarioTrafficArrivesAtItsRate)
{
    RunOptions options;
    options.duration = Seconds(5);
    options.writeOutputs = false;
    const RunResult r = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    ASSERT_EQ(r.flows.size(), 3u);
    const FlowRecord& backup = r.flows[0];
    EXPECT_EQ(backup.flow, "fra-backup");
    EXPECT_EQ(backup.rxPackets, backup.txPackets) << "20 Mbps fits the 500 Mbps circuit: no loss";
    // 20 Mbps from 1 s to 5 s: 4 s x 20 Mbps / (1200 B x 8) = 8,333 packets.
    EXPECT_NEAR(static_cast<double>(backup.txPackets), 8333.0, 2.0);
    EXPECT_NE(backup.path.find("msee/London/"), std::string::npos) << backup.path;
}

TEST_F(SimulationTest, TwoRunsWriteByteIdenticalFiles)
{
    ScratchDir tmp;
    const std::string a = tmp / "a";
    const std::string b = tmp / "b";
    for (const auto& dir : {a, b})
    {
        RunOptions options;
        options.duration = Seconds(3);
        options.outDir = dir;
        RunScenario(LoadDefault(), options, m_geography, m_backbone);
        Config::Reset();
    }
    for (const auto* file : {"probes.csv", "flows.csv", "links.csv", "bgp.csv", "routes.csv",
                             "gateways.csv", "events.csv", "summary.json"})
    {
        const std::string fa = ReadFile(a + "/" + file);
        EXPECT_FALSE(fa.empty()) << file;
        EXPECT_EQ(fa, ReadFile(b + "/" + file)) << file << " differs between identical runs";
    }
    EXPECT_EQ(WithoutWallTime(ReadFile(a + "/run.json")),
              WithoutWallTime(ReadFile(b + "/run.json")));
}

TEST_F(SimulationTest, StreamedTablesAreTheTablesFormattedAtOnce)
{
    ScratchDir tmp;
    RunOptions options;
    options.duration = Seconds(3);
    options.outDir = tmp / "run";
    // The same run without a directory: its records, formatted at once.
    RunOptions memory = options;
    memory.writeOutputs = false;
    const RunResult kept = RunScenario(LoadDefault(), memory, m_geography, m_backbone);
    Config::Reset();
    const RunResult written = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    EXPECT_EQ(ReadFile(options.outDir + "/flows.csv"), FormatFlowsCsv(kept.flows));
    EXPECT_EQ(ReadFile(options.outDir + "/summary.json"),
              FormatSummaryJson(kept.pairs, kept.links, kept.flows, kept.failures, 3.0));
    const std::string probes = ReadFile(options.outDir + "/probes.csv");
    EXPECT_EQ(std::count(probes.begin(), probes.end(), '\n'), 1 + 5 * 3)
        << "a header and 3 probes of each of the 5 pairs";
    EXPECT_EQ(written.events, kept.events) << "writing adds no simulator event";
}

TEST_F(SimulationTest, RunDirectoryReplacesAnEarlierRunWholeAndSaysCompleted)
{
    ScratchDir tmp;
    const std::string dir = tmp / "run";
    for (const Time& duration : {Seconds(3), Seconds(2)})
    {
        RunOptions options;
        options.duration = duration;
        options.outDir = dir;
        RunScenario(LoadDefault(), options, m_geography, m_backbone);
        Config::Reset();
    }
    const auto run = nlohmann::json::parse(ReadFile(dir + "/run.json"));
    EXPECT_EQ(run["program"], "expressroute-sim");
    EXPECT_EQ(run["status"], "completed");
    EXPECT_EQ(run["duration_s"], 2.0) << "the second run's";
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        names.insert(entry.path().filename().string());
    }
    std::set<std::string> expected{".expressroute-run"};
    for (const auto& f : run["files"])
    {
        expected.insert(f.get<std::string>());
    }
    EXPECT_EQ(names, expected) << "exactly the files run.json lists, and the marker";
    EXPECT_EQ(expected.size(), 10u);
    for (const auto& entry : std::filesystem::directory_iterator(tmp.Path()))
    {
        EXPECT_EQ(entry.path().string(), dir) << "no temporary directory left behind";
    }
}

TEST_F(SimulationTest, InterruptedRunReportsTheTimeReached)
{
    ScratchDir tmp;
    RunOptions options;
    options.duration = Seconds(30);
    options.outDir = tmp / "run";
    options.actions.emplace_back(Seconds(3), [](Ptr<Topology>) { RequestInterrupt(); });
    const RunResult r = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    EXPECT_EQ(r.status, "interrupted");
    // The run checks every 10 ms of simulated time.
    EXPECT_GE(r.duration, Seconds(3));
    EXPECT_LE(r.duration, Seconds(3.01));
    EXPECT_EQ(r.plannedDuration, Seconds(30));
    EXPECT_EQ(FormatSimulatedTime(r), "3 s simulated of 30 s");
    const auto run = nlohmann::json::parse(ReadFile(options.outDir + "/run.json"));
    EXPECT_EQ(run["status"], "interrupted");
    EXPECT_EQ(run["duration_s"], r.duration.GetSeconds());
    EXPECT_EQ(run["planned_duration_s"], 30.0);
    EXPECT_EQ(nlohmann::json::parse(ReadFile(options.outDir + "/summary.json"))["duration_s"],
              r.duration.GetSeconds());
    for (const auto& p : r.pairs)
    {
        EXPECT_EQ(p.probesSent, 3u) << p.probe << ": probes at 0, 1 and 2 s, none lost";
        EXPECT_EQ(p.probesLost, 0u) << p.probe;
    }

    // The request was consumed: the next run completes.
    Config::Reset();
    RunOptions next;
    next.duration = Seconds(1);
    next.writeOutputs = false;
    EXPECT_EQ(RunScenario(LoadDefault(), next, m_geography, m_backbone).status, "completed");
}
