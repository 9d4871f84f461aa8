// SPDX-License-Identifier: GPL-2.0-only
// A full circuit drops data, not its routing (issue: what-if answers under load): BGP and BFD
// are marked CS6 and queued ahead of data on every router interface, so a circuit offered twice
// its bandwidth keeps its sessions, delivers its bandwidth and counts what it drops.
#include "expressroute-priority-queue.h"
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"

#include "ns3/ipv4-header.h"
#include "ns3/ppp-header.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// One site at Amsterdam, a 50 Mbps Standard circuit there, a VNet in West Europe; @p provider
/// is the provider's entry, @p traffic the traffic entries, @p failures the failure entries.
std::string
OverloadScenario(const std::string& provider,
                 const std::string& traffic,
                 const std::string& duration,
                 const std::string& failures = "")
{
    return R"({
  "name": "overload",
  "simulation": {"duration": ")" + duration + R"(", "linkMetricsInterval": "1s"},
  "sites": [{"name": "site", "location": "Amsterdam", "asn": 65010, "prefixes": ["10.10.0.0/16"], "hosts": 2}],
  "providers": [)" + provider + R"(],
  "circuits": [{"name": "er", "site": "site", "provider": "prov", "peeringLocation": "Amsterdam",
    "tier": "Standard", "bandwidth": "50Mbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.100.0/29", "vlan": 100}],
    "vnetLinks": [{"vnet": "hub"}]}],
  "vnets": [{"name": "hub", "region": "West Europe", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw2Az"}, "hosts": 2}],
  "traffic": [)" + traffic + R"(],
  "failures": [)" + failures + R"(]
})";
}

const char* kLayer2 = R"({"name": "prov", "kind": "CloudExchange", "layer": "Layer2"})";

std::vector<std::vector<std::string>>
ReadCsv(const std::filesystem::path& file)
{
    std::ifstream in(file);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
        {
            cells.push_back(cell);
        }
        rows.push_back(cells);
    }
    return rows;
}

class OverloadTest : public test::SimulatorTest
{
  protected:
    RunResult Run(const std::string& json)
    {
        RunOptions options;
        options.outDir = (m_dir / "run").string();
        return RunScenario(LoadText(json), options, m_geography, m_backbone);
    }

    /// BGP and BFD state changes after the warm-up (bgp.csv), as "time router peer event
    /// detail", leaving out the sessions named with @p except.
    std::vector<std::string> StateChanges(const std::string& except = "") const
    {
        std::vector<std::string> changes;
        for (const auto& r : ReadCsv(m_dir / "run" / "bgp.csv"))
        {
            if (!except.empty() && r[2].find(except) != std::string::npos)
            {
                continue;
            }
            if (std::stod(r[0]) >= 0 && (r[3] == "session-state" || r[3] == "bfd-state"))
            {
                changes.push_back(r[0] + " " + r[1] + " " + r[2] + " " + r[3] + " " + r[4]);
            }
        }
        return changes;
    }

    /// links.csv summed per link over the run: bits in, bits out, dropped in, dropped out.
    std::map<std::string, std::array<double, 4>> LinkTotals() const
    {
        std::map<std::string, std::array<double, 4>> totals;
        for (const auto& r : ReadCsv(m_dir / "run" / "links.csv"))
        {
            const double secs = std::stod(r[1]) - std::stod(r[0]);
            auto& t = totals[r[3]];
            for (int k = 0; k < 4; ++k)
            {
                t[k] += std::stod(r[6 + k]) * secs;
            }
        }
        return totals;
    }

    test::TempDir m_tmp{"overload"};
    std::filesystem::path m_dir{m_tmp.Path()};
};

} // namespace

// A 50 Mbps circuit offered 100 Mbps of constant UDP for 60 s with BFD on (the default): the
// link delivers its bandwidth, half the traffic is dropped and counted, no session flaps.
TEST_F(OverloadTest, FullCircuitDropsDataAndKeepsItsSessions)
{
    const auto r = Run(OverloadScenario(
        kLayer2,
        R"({"name": "blast", "from": "site", "to": "hub", "kind": "ConstantRate", "rate": "100Mbps", "packetSize": 1200, "start": "1s"})",
        "60s"));
    ASSERT_EQ(r.flows.size(), 1u);
    const auto& f = r.flows[0];
    const double delivered = f.rxBytes * 8.0 / (f.stop - f.start).GetSeconds();
    const double loss = 1.0 - static_cast<double>(f.rxPackets) / f.txPackets;
    EXPECT_GE(delivered, 47e6) << "the circuit link carries its bandwidth";
    EXPECT_LE(delivered, 51e6);
    EXPECT_GE(loss, 0.45);
    EXPECT_LE(loss, 0.55);
    EXPECT_EQ(StateChanges(), std::vector<std::string>{})
        << "BGP and BFD stay up: they are queued ahead of the data";
    // Dropped bits (IP packets: 1,200 bytes of payload + 28 of UDP and IP headers) against
    // offered minus delivered.
    const double lost = static_cast<double>(f.txPackets - f.rxPackets) * 1228 * 8;
    double dropped = 0;
    for (const auto& [link, t] : LinkTotals())
    {
        dropped += t[2] + t[3];
    }
    EXPECT_NEAR(dropped / lost, 1.0, 0.05) << "dropped " << dropped << " bits, lost " << lost;
    double summaryDropped = 0;
    for (const auto& l : r.links)
    {
        summaryDropped += static_cast<double>(l.droppedBits);
    }
    EXPECT_NEAR(summaryDropped / lost, 1.0, 0.05) << "summary.json links[].dropped_bits";
}

// Eight flows of 15 Mbps from the VNet to the site through a Layer3 provider: the MSEE's queue
// towards the PE overflows on whichever link carries more than 50 Mbps; the MSEE-PE sessions
// stay up and each link delivers at most its bandwidth.
TEST_F(OverloadTest, EightFlowsThroughAProviderEdgeKeepItsSessions)
{
    std::string traffic;
    for (int i = 0; i < 8; ++i)
    {
        traffic += std::string(i ? "," : "") + R"({"name": "f)" + std::to_string(i) +
                   R"(", "from": "hub", "to": "site", "kind": "ConstantRate", "rate": "15Mbps", "packetSize": 1200, "start": "1s"})";
    }
    const auto r = Run(OverloadScenario(
        R"({"name": "prov", "kind": "AnyToAnyIpvpn", "layer": "Layer3"})", traffic, "20s"));
    EXPECT_EQ(StateChanges(), std::vector<std::string>{});
    double offered = 0;
    double delivered = 0;
    double lost = 0;
    for (const auto& f : r.flows)
    {
        offered += f.txBytes * 8.0 / (f.stop - f.start).GetSeconds();
        delivered += f.rxBytes * 8.0 / (f.stop - f.start).GetSeconds();
        lost += static_cast<double>(f.txPackets - f.rxPackets) * 1228 * 8;
    }
    EXPECT_NEAR(offered, 120e6, 1e6);
    double dropped = 0;
    double saturated = 0;
    for (const auto& [link, t] : LinkTotals())
    {
        const double outBps = t[1] / 20.0;
        EXPECT_LE(outBps, 50.5e6) << link << " carries at most the circuit bandwidth";
        if (t[3] > 0)
        {
            EXPECT_GE(outBps, 47e6) << link << " drops only when full";
            ++saturated;
        }
        dropped += t[2] + t[3];
    }
    EXPECT_GE(saturated, 1) << "120 Mbps over two 50 Mbps links fills at least one";
    EXPECT_LE(delivered, 100.5e6);
    EXPECT_NEAR(dropped / lost, 1.0, 0.05) << "dropped " << dropped << " bits, lost " << lost;
}

// A Bulk TCP transfer beside constant UDP that fills the same link (the secondary is down from
// the start, so both take the primary): the transfer still gets through, TCP backing off but
// not starved to zero, and the primary's sessions stay up.
TEST_F(OverloadTest, BulkTcpBesideUdpThatFillsTheLinkKeepsTheSessions)
{
    const auto r = Run(OverloadScenario(
        kLayer2,
        R"({"name": "blast", "from": "site", "to": "hub", "kind": "ConstantRate", "rate": "60Mbps", "packetSize": 1200, "start": "1s"},
           {"name": "copy", "from": "site", "to": "hub", "kind": "Bulk", "start": "1s"})",
        "20s",
        R"({"kind": "LinkFailure", "target": "er/secondary", "start": "0s", "mode": "Signalled"})"));
    ASSERT_EQ(r.flows.size(), 2u);
    for (const auto& f : r.flows)
    {
        ASSERT_NE(f.path.find("msee/Amsterdam/primary"), std::string::npos) << f.path;
    }
    EXPECT_EQ(StateChanges("/secondary/"), std::vector<std::string>{});
    double total = 0;
    for (const auto& f : r.flows)
    {
        total += f.rxBytes * 8.0 / 19.0;
    }
    EXPECT_GE(total, 47e6) << "together they fill the link";
    EXPECT_LE(total, 51e6);
    const auto& tcp = r.flows[0].kind == "Bulk" ? r.flows[0] : r.flows[1];
    EXPECT_GT(tcp.rxBytes, 0u) << "the transfer makes progress";
}

namespace
{

/// A PPP-framed IPv4 packet of @p payload bytes with DS field @p tos.
Ptr<Packet>
Framed(uint8_t tos, uint32_t payload)
{
    auto p = Create<Packet>(payload);
    Ipv4Header ip;
    ip.SetTos(tos);
    ip.SetPayloadSize(payload);
    p->AddHeader(ip);
    PppHeader ppp;
    ppp.SetProtocol(0x0021);
    p->AddHeader(ppp);
    return p;
}

} // namespace

TEST(PriorityQueue, ControlGoesAheadOfDataAndPushesOutTheNewestDataWhenFull)
{
    auto q = CreateObjectWithAttributes<PriorityQueue>("MaxSize", QueueSizeValue(QueueSize("3p")));
    std::vector<uint32_t> dropped;
    q->TraceConnectWithoutContext("Drop", Callback<void, Ptr<const Packet>>([&](Ptr<const Packet> p) {
                                      dropped.push_back(p->GetSize());
                                  }));
    ASSERT_TRUE(q->Enqueue(Framed(0, 100)));    // data, 122 bytes framed
    ASSERT_TRUE(q->Enqueue(Framed(0x20, 200)));  // CS1 is data too
    ASSERT_TRUE(q->Enqueue(Framed(0, 300)));
    EXPECT_FALSE(q->Enqueue(Framed(0, 400))) << "a full queue drops data at the tail";
    EXPECT_TRUE(q->Enqueue(Framed(0xc0, 10))) << "a CS6 packet is admitted when full...";
    EXPECT_EQ(dropped, (std::vector<uint32_t>{422, 322})) << "...by pushing the newest data out";
    EXPECT_TRUE(q->Enqueue(Framed(0xe0, 20))) << "CS7 too";
    EXPECT_EQ(q->GetNPackets(), 3u);
    EXPECT_EQ(q->Dequeue()->GetSize(), 32u) << "control first, in arrival order";
    EXPECT_EQ(q->Dequeue()->GetSize(), 42u);
    EXPECT_EQ(q->Dequeue()->GetSize(), 122u) << "then the data that was not pushed out";
    EXPECT_EQ(q->Dequeue(), nullptr);
}
