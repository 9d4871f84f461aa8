// SPDX-License-Identifier: GPL-2.0-only
// The flow engine against the packet engine on the default scenario (probe RTTs, constant-rate
// throughput, per-interval link utilisation), and the engine choice: the loader's check of
// simulation.engine, run.json's record of it, the refusal of --pcap.
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
WithEngine(const std::string& engine)
{
    auto j = nlohmann::json::parse(DefaultScenarioJson());
    j["simulation"]["engine"] = engine;
    return j.dump();
}

const FlowRecord&
FlowNamed(const RunResult& r, const std::string& name)
{
    for (const auto& f : r.flows)
    {
        if (f.flow == name)
        {
            return f;
        }
    }
    throw std::runtime_error("no flow " + name);
}

} // namespace

using FlowEngineTest = test::SimulatorTest;

TEST_F(FlowEngineTest, MatchesPacketEngineOnDefaultScenario)
{
    RunOptions options;
    options.duration = Seconds(10);
    options.writeOutputs = false;
    options.keepLinkSamples = true;
    const RunResult packet = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    Config::Reset();
    options.engine = "flow";
    const RunResult flow = RunScenario(LoadDefault(), options, m_geography, m_backbone);
    EXPECT_EQ(flow.engine, "flow");
    ASSERT_EQ(packet.pairs.size(), flow.pairs.size());
    for (std::size_t i = 0; i < packet.pairs.size(); ++i)
    {
        const auto& p = packet.pairs[i];
        const auto& f = flow.pairs[i];
        EXPECT_EQ(f.probesSent, p.probesSent) << p.probe;
        EXPECT_EQ(f.probesLost, 0u) << p.probe;
        EXPECT_NEAR(f.rttP50Ms, p.rttP50Ms, 1.0) << p.probe << ": RTT p50 within 1 ms";
    }
    for (const char* name : {"fra-backup", "weu-sync"})
    {
        const double a = FlowThroughputBps(FlowNamed(packet, name));
        const double b = FlowThroughputBps(FlowNamed(flow, name));
        EXPECT_NEAR(b, a, 0.05 * a) << name << ": constant-rate throughput within 5 %";
    }
    // The Bulk transfer (20 MB to East US) completes in both; its time is not asserted: the
    // packet engine's TCP takes several times longer than the LV08 share (doc/engines.md).
    EXPECT_EQ(FlowNamed(flow, "fra-dr-copy").rxBytes, 20000000u) << "the Bulk transfer completes";
    // London's primary link into Azure carries fra-backup only once the transfer is over:
    // per-interval utilisation within 5 %.
    ASSERT_EQ(packet.linkSamples.size(), flow.linkSamples.size());
    int compared = 0;
    for (std::size_t i = 0; i < packet.linkSamples.size(); ++i)
    {
        const auto& a = packet.linkSamples[i];
        const auto& b = flow.linkSamples[i];
        if (a.circuit == "contoso-lon" && a.role == "primary" && a.start >= Seconds(7))
        {
            EXPECT_NEAR(double(b.bitsIn), double(a.bitsIn), 0.05 * a.bitsIn)
                << "interval from " << a.start.GetSeconds() << " s";
            ++compared;
        }
    }
    EXPECT_EQ(compared, 3);
}

TEST_F(FlowEngineTest, LoaderRefusesUnknownEngine)
{
    try
    {
        LoadScenarioString(WithEngine("fluid"), "engine.json", m_geography);
        FAIL() << "an unknown engine must be refused";
    }
    catch (const ScenarioLoadError& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("/simulation/engine"), std::string::npos) << what;
        EXPECT_NE(what.find("fluid"), std::string::npos) << what;
    }
}

TEST_F(FlowEngineTest, RunJsonRecordsTheEngine)
{
    test::TempDir tmp("flow-engine");
    RunOptions options;
    options.duration = Seconds(2);
    options.outDir = tmp.Path() + "/run";
    RunScenario(LoadScenarioString(WithEngine("flow"), "engine.json", m_geography), options,
                m_geography, m_backbone);
    std::ifstream in(options.outDir + "/run.json");
    const auto j = nlohmann::json::parse(in);
    EXPECT_EQ(j.at("engine"), "flow");
    EXPECT_EQ(j.at("scenario").at("simulation").at("engine"), "flow");
}

TEST_F(FlowEngineTest, RefusesPcap)
{
    RunOptions options;
    options.duration = Seconds(1);
    options.pcap = true;
    options.engine = "flow";
    options.writeOutputs = false;
    try
    {
        RunScenario(LoadDefault(), options, m_geography, m_backbone);
        FAIL() << "a pcap needs packets";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("--engine=packet"), std::string::npos) << e.what();
    }
}
