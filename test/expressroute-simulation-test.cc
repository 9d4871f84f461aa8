// SPDX-License-Identifier: GPL-2.0-only
// End-to-end runs of the default scenario: probes succeed at the right RTT, traffic arrives,
// the run directory holds its files, and two runs give byte-identical outputs.
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/config.h"

#include <filesystem>
#include <fstream>
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

std::string
TempDir(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() /
                     ("expressroute-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir.string();
}

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
    // 20 Mbps from 1 s to 5 s: 4 s x 20 Mbps / (1200 B x 8) = 8,333 packets; the sender's
    // gaps vary by +-10 % (ConstantRateSender::Jitter), so the count by a few packets (the sum
    // of 8,333 gaps has a standard deviation of about 5 gaps).
    EXPECT_NEAR(static_cast<double>(backup.txPackets), 8333.0, 20.0);
    EXPECT_NE(backup.path.find("msee/London/"), std::string::npos) << backup.path;
}

TEST_F(SimulationTest, TwoRunsWriteByteIdenticalFiles)
{
    const std::string a = TempDir("a");
    const std::string b = TempDir("b");
    for (const auto& dir : {a, b})
    {
        RunOptions options;
        options.duration = Seconds(3);
        options.outDir = dir;
        RunScenario(LoadDefault(), options, m_geography, m_backbone);
        Config::Reset();
    }
    for (const auto* file : {"probes.csv", "flows.csv", "links.csv", "summary.json"})
    {
        const std::string fa = ReadFile(a + "/" + file);
        EXPECT_FALSE(fa.empty()) << file;
        EXPECT_EQ(fa, ReadFile(b + "/" + file)) << file << " differs between identical runs";
    }
    EXPECT_EQ(WithoutWallTime(ReadFile(a + "/run.json")), WithoutWallTime(ReadFile(b + "/run.json")));
    std::filesystem::remove_all(a);
    std::filesystem::remove_all(b);
}

TEST_F(SimulationTest, RunDirectoryAppearsWholeAndReplacesAnEarlierRun)
{
    const std::string dir = TempDir("atomic");
    std::filesystem::create_directories(dir);
    // An earlier run of ours (its run.json says so) with a file of ours the new run does not
    // write (a capture: this run has no --pcap). A file of anyone else's is refused instead
    // (RunDirectoryOut.WhatAUserAddedToAnEarlierRunIsNeverDeleted).
    std::ofstream(dir + "/run.json") << "{\"program\": \"expressroute-sim\", \"status\": \"completed\"}";
    std::filesystem::create_directories(dir + "/pcap");
    const std::string stale = dir + "/pcap/circuit_contoso-ams_primary_ce.pcap";
    std::ofstream(stale) << "from an earlier run";
    RunOptions options;
    options.duration = Seconds(2);
    options.outDir = dir;
    RunScenario(LoadDefault(), options, m_geography, m_backbone);
    EXPECT_FALSE(std::filesystem::exists(stale)) << "the old run is replaced whole";
    for (const auto* file : {"run.json", "summary.json", "probes.csv", "flows.csv", "links.csv"})
    {
        EXPECT_TRUE(std::filesystem::exists(dir + "/" + file)) << file;
    }
    const std::string parent = std::filesystem::path(dir).parent_path().string();
    for (const auto& entry : std::filesystem::directory_iterator(parent))
    {
        EXPECT_EQ(entry.path().string().find(dir + ".tmp-"), std::string::npos)
            << "temporary directory left behind: " << entry.path();
    }
    EXPECT_NE(ReadFile(dir + "/run.json").find("\"status\": \"completed\""), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_F(SimulationTest, AQuiescentControlPlaneTheUserAskedForIsKeptWithPackets)
{
    // Before, RunScenario set the switch from the engine and overrode the user's: the packet
    // engine ran with BFD's and BGP's idle packets whatever --ns3::...::Quiescent said.
    RunOptions options;
    options.duration = Seconds(60);
    options.writeOutputs = false;
    Scenario scenario = LoadDefault();
    scenario.traffic.clear();
    scenario.probes.clear();
    const RunResult plain = RunScenario(scenario, options, m_geography, m_backbone);
    Config::Reset();
    // As expressroute-sim reads them from its command line.
    QuiescentSwitches({"--ns3::expressroute::BfdAgent::Quiescent=true",
                       "--ns3::expressroute::BgpSession::Quiescent=1"},
                      options);
    const RunResult quiet = RunScenario(scenario, options, m_geography, m_backbone);
    RecordProperty("events_packets", std::to_string(plain.events));
    RecordProperty("events_quiescent", std::to_string(quiet.events));
    EXPECT_LT(quiet.events * 3, plain.events * 2)
        << "idle BFD and BGP cost nothing once quiescent: " << quiet.events << " events against "
        << plain.events;
    // And a later run with nothing set gets the engine's choice again.
    Config::Reset();
    options.bfdQuiescent.reset();
    options.bgpQuiescent.reset();
    const RunResult again = RunScenario(scenario, options, m_geography, m_backbone);
    EXPECT_EQ(again.events, plain.events);
    // The flow engine's quiescence, switched off by the user, stays off (before, the engine's
    // choice won over an explicit false), and leaves nothing behind for the next run.
    options.engine = "flow";
    const RunResult flowQuiet = RunScenario(scenario, options, m_geography, m_backbone);
    QuiescentSwitches({"--ns3::expressroute::BfdAgent::Quiescent=false",
                       "--ns3::expressroute::BgpSession::Quiescent=false"},
                      options);
    const RunResult flowBusy = RunScenario(scenario, options, m_geography, m_backbone);
    RecordProperty("events_flow_busy", std::to_string(flowBusy.events));
    RecordProperty("events_flow_quiescent", std::to_string(flowQuiet.events));
    EXPECT_LT(flowQuiet.events * 3, flowBusy.events * 2)
        << flowQuiet.events << " events quiescent against " << flowBusy.events;
    options.bfdQuiescent.reset();
    options.bgpQuiescent.reset();
    EXPECT_EQ(RunScenario(scenario, options, m_geography, m_backbone).events, flowQuiet.events);
}
