// SPDX-License-Identifier: GPL-2.0-only
// --pcap-links and --pcap-snaplen: links chosen by name, glob or circuit name (a pattern that
// selects nothing is an error naming it); circuit links captured as 802.1Q-tagged Ethernet with
// each peering's VLAN, cut at the snap length; the VPN's internet links captured when asked.
#include "expressroute-pcap-links.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"
#include "expressroute-topology-builder.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

using ns3::expressroute::test::Outcome;
using ns3::expressroute::test::RunProgram;

Outcome
RunSim(const std::string& args)
{
    return RunProgram("expressroute-sim --quiet " + args);
}

/// One record of a little-endian pcap file.
struct Record
{
    uint32_t included;
    uint32_t original;
    std::vector<uint8_t> data;
};

struct Capture
{
    uint32_t snaplen{0};
    uint32_t linkType{0};
    std::vector<Record> records;
};

uint32_t
Le32(const uint8_t* p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

Capture
ReadPcap(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    Capture c;
    if (bytes.size() < 24)
    {
        return c;
    }
    c.snaplen = Le32(&bytes[16]);
    c.linkType = Le32(&bytes[20]);
    for (std::size_t at = 24; at + 16 <= bytes.size();)
    {
        Record r{Le32(&bytes[at + 8]), Le32(&bytes[at + 12]), {}};
        r.data.assign(bytes.begin() + at + 16, bytes.begin() + at + 16 + r.included);
        c.records.push_back(std::move(r));
        at += 16 + r.included;
    }
    return c;
}

} // namespace

using PcapLinksTest = test::SimulatorTest;

TEST_F(PcapLinksTest, PatternsSelectByNameGlobOrCircuit)
{
    auto topology = CreateObject<TopologyBuilder>()->Build(LoadDefault(), m_geography, m_backbone);
    const auto& links = topology->GetLinks();
    const auto circuit = SelectPcapLinks(*topology, {"contoso-ams"});
    ASSERT_EQ(circuit.size(), 2u) << "a circuit's name selects its primary and secondary link";
    for (auto i : circuit)
    {
        EXPECT_EQ(links[i].kind, LinkKind::Circuit);
        EXPECT_EQ(links[i].circuit, "contoso-ams");
    }
    const auto exact = SelectPcapLinks(*topology, {"circuit/contoso-ams/primary"});
    ASSERT_EQ(exact.size(), 1u);
    EXPECT_EQ(PcapFileName(*topology, exact[0], true), "contoso-ams-primary-edge.pcap");
    EXPECT_EQ(PcapFileName(*topology, exact[0], false), "contoso-ams-primary-msee.pcap");
    const auto all = SelectPcapLinks(*topology, DefaultPcapLinks());
    EXPECT_EQ(all.size(), 4u) << "the default scenario's 2 circuits x 2 links";
    const auto backbone = SelectPcapLinks(*topology, {"backbone/*West Europe*"});
    ASSERT_FALSE(backbone.empty());
    for (auto i : backbone)
    {
        EXPECT_EQ(links[i].kind, LinkKind::Backbone) << links[i].name;
    }
    EXPECT_EQ(PcapFileName(*topology, backbone[0], true).rfind("backbone_", 0), 0u);
    try
    {
        SelectPcapLinks(*topology, {"circuit/*", "contoso-am"});
        FAIL() << "a pattern selecting nothing is refused";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("--pcap-links: 'contoso-am' names no link"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PcapLinks, CircuitCapturesCarryThePeeringVlanCutAtTheSnapLength)
{
    const test::TempDir tmp("pcap-vlan");
    const std::string scenario =
        std::string(EXPRESSROUTE_SOURCE_DIR) + "/examples/scenarios/private-vs-microsoft-peering.json";
    const auto r = RunSim("--scenario " + scenario + " --duration=1s --pcap-links=ams " +
                          "--pcap-snaplen=64 --out=" + tmp.Path("run"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto dir = std::filesystem::path(tmp.Path("run")) / "pcap";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
    {
        EXPECT_EQ(entry.path().filename().string().rfind("ams-", 0), 0u) << entry.path();
        ++files;
    }
    EXPECT_EQ(files, 4u) << "circuit ams: 2 links x 2 ends, nothing else";
    const Capture c = ReadPcap(dir / "ams-primary-edge.pcap");
    EXPECT_EQ(c.linkType, 1u) << "Ethernet";
    EXPECT_EQ(c.snaplen, 64u);
    ASSERT_FALSE(c.records.empty());
    std::map<uint16_t, std::size_t> perVlan;
    std::size_t cut = 0;
    for (const auto& rec : c.records)
    {
        EXPECT_LE(rec.included, 64u);
        cut += rec.original > rec.included;
        ASSERT_GE(rec.data.size(), 18u);
        ASSERT_EQ(rec.data[12] << 8 | rec.data[13], 0x8100) << "802.1Q-tagged";
        const uint16_t vlan = (rec.data[14] << 8 | rec.data[15]) & 0x0fff;
        ++perVlan[vlan];
        const uint8_t* ip = &rec.data[18];
        if (vlan == 200 && rec.data.size() >= 38)
        {
            // Microsoft peering: its sessions, Microsoft's service prefixes, the customer's
            // public prefix (198.51.100.0/24).
            const bool service = ip[12] == 20 || ip[16] == 20;
            const bool publicPrefix = (ip[12] == 198 && ip[13] == 51 && ip[14] == 100) ||
                                      (ip[16] == 198 && ip[17] == 51 && ip[18] == 100);
            const bool session = ip[12] == ip[16] && ip[13] == ip[17] && ip[14] == ip[18];
            EXPECT_TRUE(service || publicPrefix || session)
                << int(ip[12]) << "." << int(ip[13]) << "." << int(ip[14]) << "." << int(ip[15])
                << " -> " << int(ip[16]) << "." << int(ip[17]) << "." << int(ip[18]) << "."
                << int(ip[19]);
        }
    }
    EXPECT_GT(perVlan[100], 0u) << "private peering (VLAN 100)";
    EXPECT_GT(perVlan[200], 0u) << "Microsoft peering (VLAN 200)";
    EXPECT_EQ(perVlan.size(), 2u);
    EXPECT_GT(cut, 0u) << "packets longer than 64 bytes are cut";
}

TEST(PcapLinks, VpnTunnelIsCapturedWhenAskedAndUnknownLinksAreNamed)
{
    const test::TempDir tmp("pcap-vpn");
    const std::string scenario =
        std::string(EXPRESSROUTE_SOURCE_DIR) + "/examples/scenarios/expressroute-vs-vpn.json";
    const auto r = RunSim("--scenario=" + scenario + " --duration=200ms --pcap-links=internet/* " +
                          "--out=" + tmp.Path("run"));
    ASSERT_EQ(r.exitCode, 0) << r.output;
    std::set<std::string> names;
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(tmp.Path("run")) / "pcap"))
    {
        names.insert(entry.path().filename().string());
        EXPECT_EQ(entry.path().filename().string().rfind("internet_", 0), 0u) << entry.path();
        const Capture c = ReadPcap(entry.path());
        EXPECT_EQ(c.snaplen, 128u) << "the default snap length";
        EXPECT_FALSE(c.records.empty()) << entry.path() << ": the tunnel's BGP session at least";
    }
    EXPECT_EQ(names.size(), 4u) << "site-side and gateway-side internet links, 2 ends each";

    const auto bad = RunSim("--scenario=" + scenario + " --duration=200ms --pcap-links=tunnel " +
                            "--out=" + tmp.Path("bad"));
    EXPECT_EQ(bad.exitCode, 1) << bad.output;
    EXPECT_NE(bad.output.find("--pcap-links: 'tunnel' names no link"), std::string::npos)
        << bad.output;
    // Refused before the run directory takes its name: no failed run left behind, and an
    // earlier run at that path stays as it was.
    EXPECT_FALSE(std::filesystem::exists(tmp.Path("bad"))) << "a typo leaves no run directory";
    const auto again = RunSim("--scenario=" + scenario + " --duration=200ms --pcap-links=tunnel " +
                              "--out=" + tmp.Path("run"));
    EXPECT_EQ(again.exitCode, 1) << again.output;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(tmp.Path("run")) / "pcap"))
        << "the earlier run's captures are still there";
}
