// SPDX-License-Identifier: GPL-2.0-only
// What the flow engine counts on a link direction, against the packet engine's numbers on the
// same scenarios (measured with expressroute-sim --engine=packet, 2026-12): what a silent failure
// black-holes is dropped there (offered = carried + dropped); TCP's ACKs share the way back, so
// that no link direction carries more than its bandwidth; a queue stands only where more arrives
// than the direction sends, and holds the packets that cross it.
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

nlohmann::json
ConstantRate(const std::string& name, bool up, const std::string& rate, int packetSize)
{
    return {{"name", name},
            {"from", up ? "hq" : "app"},
            {"to", up ? "app" : "hq"},
            {"kind", "ConstantRate"},
            {"rate", rate},
            {"packetSize", packetSize}};
}

/// Frankfurt site hq, one Standard circuit fra of @p bandwidth to VNet app (ErGw1Az), a probe
/// every 100 ms, links.csv every 500 ms, the flow engine.
nlohmann::json
OneCircuit(const std::string& duration, const std::string& bandwidth)
{
    return {
        {"name", "one-circuit"},
        {"simulation",
         {{"duration", duration},
          {"seed", 1},
          {"run", 1},
          {"linkMetricsInterval", "500ms"},
          {"engine", "flow"}}},
        {"sites",
         {{{"name", "hq"},
           {"location", "Frankfurt"},
           {"asn", 65010},
           {"prefixes", {"10.10.0.0/16"}},
           {"hosts", 1}}}},
        {"providers", {{{"name", "equinix"}, {"kind", "CloudExchange"}}}},
        {"circuits",
         {{{"name", "fra"},
           {"site", "hq"},
           {"provider", "equinix"},
           {"peeringLocation", "Frankfurt"},
           {"tier", "Standard"},
           {"bandwidth", bandwidth},
           {"peerings", {{{"type", "AzurePrivate"}, {"subnet", "192.168.10.0/29"}, {"vlan", 100}}}},
           {"vnetLinks", {{{"vnet", "app"}}}}}}},
        {"vnets",
         {{{"name", "app"},
           {"region", "Germany West Central"},
           {"addressSpace", {"10.1.0.0/16"}},
           {"gateway", {{"sku", "ErGw1Az"}}}}}},
        {"probes", {{{"name", "hq-app"}, {"site", "hq"}, {"vnet", "app"}, {"interval", "100ms"}}}},
        {"traffic", nlohmann::json::array()},
    };
}

/// A 50 Mbit/s circuit with its secondary link down: 60 Mbit/s of 1,200-byte UDP up, a Bulk TCP
/// transfer down whose ACKs go up beside the UDP.
nlohmann::json
AcksBesideUdp()
{
    auto j = OneCircuit("4s", "50Mbps");
    j["traffic"].push_back(ConstantRate("up-udp", true, "60Mbps", 1200));
    j["traffic"].push_back({{"name", "down-tcp"}, {"from", "app"}, {"to", "hq"}, {"kind", "Bulk"}});
    j["failures"] = {{{"kind", "LinkFailure"},
                      {"target", "fra/secondary"},
                      {"mode", "Signalled"},
                      {"start", "0s"}}};
    return j;
}

const LinkSample&
SampleAt(const RunResult& r, const std::string& role, double startS)
{
    for (const auto& s : r.linkSamples)
    {
        if (s.circuit == "fra" && s.role == role && std::abs(s.start.GetSeconds() - startS) < 1e-9)
        {
            return s;
        }
    }
    throw std::runtime_error("no links.csv row for fra/" + role + " at " + std::to_string(startS));
}

const LinkSummary&
LinkNamed(const RunResult& r, const std::string& role)
{
    for (const auto& l : r.links)
    {
        if (l.circuit == "fra" && l.role == role)
        {
            return l;
        }
    }
    throw std::runtime_error("no link fra/" + role);
}

/// Bits per second of a 500 ms links.csv interval.
double
PerSecond(uint64_t bits)
{
    return static_cast<double>(bits) / 0.5;
}

const PairSummary&
PairNamed(const RunResult& r, const std::string& probe)
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

using FlowLinkAccountingTest = test::SimulatorTest;

// A silent LinkFailure on fra/primary at 2 s (BFD finds it 0.78 s later): 4 x 20 Mbit/s of
// 1,200-byte UDP each way over a 50 Mbit/s circuit. Until the routes move, everything sent into
// the failed link is dropped there, in both directions: in 2.0-2.5 s the packet engine counted
// 40.9 Mbit/s dropped in (its two upward flows) and 61.5 Mbit/s dropped out (three downward flows,
// the MSEE's queue overflowing and the rest lost at the receiver), nothing carried; the run's
// dropped_bits on the link 98.5 Mbit. The flow engine counted 0 / 0 and 22.8 Mbit.
TEST_F(FlowLinkAccountingTest, ASilentLinkFailureDropsWhatIsSentIntoTheLink)
{
    auto j = OneCircuit("6s", "50Mbps");
    for (int i = 0; i < 4; ++i)
    {
        j["traffic"].push_back(ConstantRate("u" + std::to_string(i), true, "20Mbps", 1200));
        j["traffic"].push_back(ConstantRate("d" + std::to_string(i), false, "20Mbps", 1200));
    }
    j["failures"] = {
        {{"kind", "LinkFailure"}, {"target", "fra/primary"}, {"start", "2s"}, {"duration", "2s"}}};
    RunOptions options;
    options.writeOutputs = false;
    options.keepLinkSamples = true;
    const RunResult r = RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
    const LinkSample& before = SampleAt(r, "primary", 1.5);
    const LinkSample& during = SampleAt(r, "primary", 2.0);
    EXPECT_EQ(during.bitsIn, 0u) << "a silenced link carries nothing";
    EXPECT_EQ(during.bitsOut, 0u);
    EXPECT_NEAR(PerSecond(during.droppedBitsIn), 40.93e6, 0.03 * 40.93e6)
        << "what the edge sends into the silenced link is dropped (packet engine 40.9 Mbit/s)";
    EXPECT_NEAR(PerSecond(during.droppedBitsOut), 61.52e6, 0.03 * 61.52e6)
        << "the MSEE's side: its queue's overflow and what the link loses (packet 61.5 Mbit/s)";
    // offered = carried + dropped: the same offer before the failure and during it.
    EXPECT_NEAR(double(during.droppedBitsIn), double(before.bitsIn + before.droppedBitsIn),
                0.01 * double(before.bitsIn + before.droppedBitsIn));
    EXPECT_NEAR(double(during.droppedBitsOut), double(before.bitsOut + before.droppedBitsOut),
                0.01 * double(before.bitsOut + before.droppedBitsOut));
    EXPECT_NEAR(double(LinkNamed(r, "primary").droppedBits), 98.5e6, 0.05 * 98.5e6)
        << "the run's drops on the link (packet engine 98.5 Mbit)";
}

// A PeeringLocationOutage of Frankfurt at 1 s with a VPN to fall back on: 7 x 100 Mbit/s of UDP
// up over a 1 Gbit/s circuit. Until BFD finds it, both links drop what the edge sends into them:
// the packet engine's dropped_bits 288.8 Mbit on the primary and 215.7 Mbit on the secondary (the
// flow engine's were 7,488 and 7,904 bits, its control plane's packets only).
TEST_F(FlowLinkAccountingTest, ALocationOutageDropsWhatIsSentIntoItsLinks)
{
    auto j = OneCircuit("4s", "1Gbps");
    for (int i = 0; i < 7; ++i)
    {
        j["traffic"].push_back(ConstantRate("u" + std::to_string(i), true, "100Mbps", 1400));
    }
    j["traffic"].push_back(ConstantRate("d0", false, "50Mbps", 1400));
    j["vpnConnections"] = {
        {{"name", "hq-vpn"}, {"site", "hq"}, {"vnet", "app"}, {"sku", "VpnGw1"}}};
    j["failures"] = {{{"kind", "PeeringLocationOutage"}, {"target", "Frankfurt"}, {"start", "1s"}}};
    RunOptions options;
    options.writeOutputs = false;
    options.keepLinkSamples = true;
    const RunResult r = RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
    EXPECT_NEAR(double(LinkNamed(r, "primary").droppedBits), 288.8e6, 0.05 * 288.8e6);
    EXPECT_NEAR(double(LinkNamed(r, "secondary").droppedBits), 215.7e6, 0.05 * 215.7e6);
    const LinkSample& during = SampleAt(r, "primary", 1.0);
    EXPECT_EQ(during.bitsIn, 0u);
    EXPECT_GT(during.droppedBitsIn, 0.5 * 0.5 * 408e6)
        << "the primary's 408 Mbit/s are dropped until BFD finds the outage";
}

// A 50 Mbit/s circuit (its secondary link down), 60 Mbit/s of 1,200-byte UDP up and a Bulk TCP
// transfer down, whose ACKs (0.9 Mbit/s) go up beside the UDP: the way up is offered 62.3 Mbit/s
// and carries 50. The packet engine carried 50.00 Mbit/s in and dropped 12.37 (1.0-4.0 s); the
// flow engine added the ACKs after the sharing: 50.90 Mbit/s carried (utilisation 1.018, the
// headline "over 80 % afterwards: fra/primary 102 %") and 11.40 dropped.
TEST_F(FlowLinkAccountingTest, TcpAcksShareTheWayBackSoNoLinkCarriesMoreThanItsBandwidth)
{
    const auto j = AcksBesideUdp();
    RunOptions options;
    options.writeOutputs = false;
    options.keepLinkSamples = true;
    const RunResult r = RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
    for (double t = 1.0; t < 4.0; t += 0.5)
    {
        const LinkSample& s = SampleAt(r, "primary", t);
        // The control plane's own packets (BGP, BFD: a few kbit/s) come on top of the data.
        EXPECT_LE(PerSecond(s.bitsIn), 50e6 * 1.0002) << "carried within the bandwidth at " << t;
        EXPECT_LE(PerSecond(s.bitsOut), 50e6 * 1.0002) << "at " << t;
        EXPECT_NEAR(PerSecond(s.droppedBitsIn), 12.37e6, 0.02 * 12.37e6)
            << "the UDP and ACKs beyond the bandwidth are dropped (packet engine 12.37 Mbit/s)";
    }
    EXPECT_LE(LinkNamed(r, "primary").peakUtilisation, 1.0002);
    for (const auto& f : r.flows)
    {
        if (f.flow == "down-tcp")
        {
            EXPECT_NEAR(f.rxBytes * 8 / 4.0, 48.4e6, 0.02 * 48.4e6)
                << "the transfer is not held back by its ACKs' losses (flow engine before: "
                   "48.43 Mbit/s over the run)";
        }
    }
}

// Global Reach between two 50 Mbit/s circuits (examples/scenarios/global-reach-vs-vpn.json with
// 50 Mbit/s circuits): 75 Mbit/s of 1,200-byte UDP from Amsterdam to London is cut to 50 on
// Amsterdam's link into Azure, whose queue is full; London's link out of Azure, of the same rate,
// gets it already paced and queues nothing. The packet engine's probe RTT p50 from London to the
// hub 13.17 ms (12.8 ms of propagation); the flow engine charged every saturated direction a full
// queue: 36.81 ms.
TEST_F(FlowLinkAccountingTest, NoQueueWhereALinkOfTheSameRateUpstreamPacesTheTraffic)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/global-reach-vs-vpn.json");
    auto j = nlohmann::json::parse(in);
    j["simulation"] = {{"duration", "4s"},
                       {"seed", 1},
                       {"run", 1},
                       {"linkMetricsInterval", "500ms"},
                       {"engine", "flow"}};
    for (auto& c : j["circuits"])
    {
        c["bandwidth"] = "50Mbps";
    }
    j["traffic"] = {{{"name", "gr-udp"},
                     {"from", "amsterdam-dc"},
                     {"to", "london-dc"},
                     {"kind", "ConstantRate"},
                     {"rate", "75Mbps"},
                     {"packetSize", 1200}},
                    {{"name", "gr-tcp"},
                     {"from", "london-dc"},
                     {"to", "amsterdam-dc"},
                     {"kind", "Bulk"},
                     {"bytes", 10000000},
                     {"start", "0.5s"}},
                    {{"name", "gr-tcp2"},
                     {"from", "amsterdam-dc"},
                     {"to", "london-dc"},
                     {"kind", "Bulk"},
                     {"bytes", 5000000},
                     {"start", "1s"}}};
    j["probes"] = nlohmann::json::array();
    for (const auto& [name, site] :
         {std::pair{"ams-hub", "amsterdam-dc"}, std::pair{"lon-hub", "london-dc"}})
    {
        j["probes"].push_back(
            {{"name", name}, {"site", site}, {"vnet", "hub"}, {"interval", "100ms"}});
    }
    RunOptions options;
    options.writeOutputs = false;
    const RunResult r = RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
    EXPECT_NEAR(PairNamed(r, "lon-hub").rttP50Ms, 13.17, 1.0)
        << "London's link out of Azure gets the UDP already paced at its rate: no queue";
    EXPECT_NEAR(PairNamed(r, "ams-hub").rttP50Ms, 21.82, 0.3)
        << "Amsterdam's link into Azure is offered 75 Mbit/s for 50: a full queue of 100 "
           "1,228-byte packets (flow engine before: 26.14 ms, 1,500-byte packets)";
}

// The same run's gateways.csv: the gateway counts the ACKs that reach it, after the circuit
// link dropped its share of them (20 %): 10,862 packets/s from 1 s on, packet engine 10,793;
// counted before the drops (and the ACKs over the link's bandwidth), 11,350.
TEST_F(FlowLinkAccountingTest, AGatewayCountsTheAcksThatReachIt)
{
    const auto j = AcksBesideUdp();
    test::TempDir tmp("flow-acks");
    RunOptions options;
    options.outDir = tmp.Path("run");
    RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
    std::ifstream in(tmp.Path("run/gateways.csv"));
    std::string line;
    std::getline(in, line);
    ASSERT_NE(line.find(",packets_per_second,"), std::string::npos) << line;
    int rows = 0;
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');)
        {
            cells.push_back(c);
        }
        ASSERT_GE(cells.size(), 8u) << line;
        if (std::stod(cells[0]) >= 1.0)
        {
            ++rows;
            EXPECT_NEAR(std::stod(cells[7]), 10793, 0.02 * 10793) << line;
        }
    }
    EXPECT_EQ(rows, 6);
}

// expressroute-vs-vpn: 8 x 150 Mbit/s of UDP over the VPN into 1 Gbit/s internet links. The
// link from the site into the internet drops the excess and paces what it passes at 1 Gbit/s,
// but the internet node holds each packet for a random 0-2 ms (order kept), which bunches them
// again: its link on to the VPN gateway, also 1 Gbit/s, has a full queue too. The packet
// engine's VPN probe RTT p50 22.50 ms; without the bunching the flow engine gave 20.56 ms.
TEST_F(FlowLinkAccountingTest, TheInternetsJitterBunchesPacketsSoTheLinkAfterItQueues)
{
    Scenario s = LoadScenarioFile(std::string(EXPRESSROUTE_SOURCE_DIR) +
                                      "/examples/scenarios/expressroute-vs-vpn.json",
                                  m_geography);
    RunOptions options;
    options.engine = "flow";
    options.writeOutputs = false;
    const RunResult r = RunScenario(s, options, m_geography, m_backbone);
    EXPECT_NEAR(PairNamed(r, "over-vpn").rttP50Ms, 22.50, 1.0)
        << "two full queues on the VPN's way (packet engine 22.50 ms)";
}

// One 50 Mbit/s circuit offered 75 Mbit/s of UDP each way, on the primary link: its queue of 100
// packets holds the packets that cross it. 1,200-byte payloads (1,228 bytes on the wire): probe
// RTT p50 22.81 ms in the packet engine; 300-byte payloads: 8.43 ms. The flow engine counted
// 1,500-byte packets: 27.14 ms for both.
TEST_F(FlowLinkAccountingTest, AFullQueueHoldsThePacketsThatCrossIt)
{
    for (const auto& [payload, packetP50] : {std::pair{1200, 22.81}, std::pair{300, 8.43}})
    {
        auto j = OneCircuit("3s", "50Mbps");
        j["traffic"].push_back(ConstantRate("up", true, "75Mbps", payload));
        j["traffic"].push_back(ConstantRate("down", false, "75Mbps", payload));
        RunOptions options;
        options.writeOutputs = false;
        const RunResult r = RunScenario(LoadText(j.dump()), options, m_geography, m_backbone);
        EXPECT_NEAR(PairNamed(r, "hq-app").rttP50Ms, packetP50, 0.3)
            << payload << "-byte payloads: 100 packets of " << payload + 28 << " bytes queued";
        Simulator::Destroy();
        Config::Reset();
    }
}
