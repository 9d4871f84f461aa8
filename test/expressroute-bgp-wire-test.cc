// SPDX-License-Identifier: GPL-2.0-only
// What the BGP speaker puts on the wire: the NOTIFICATION code, subcode and data of session
// errors (RFC 4271 §6, RFC 6608 for the state machine), attribute flags as RFC 4271 §4.3 wants
// them sent, the DSCP and TTL of every TCP segment of a session (handshake included), and the
// KeepaliveTimer restarted by each UPDATE sent (RFC 4271 §8.2.2). Scripted peers write raw
// bytes on TCP (expressroute-bgp-scripted-peer.h).
#include "expressroute-bgp-scripted-peer.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/tcp-header.h"

#include <set>

using namespace ns3;
using namespace ns3::expressroute;
using namespace ns3::expressroute::test;

namespace
{

class BgpWire : public BgpRobustnessSession
{
  protected:
    /// The NOTIFICATIONs peer @p k received, as "code/subcode".
    std::vector<std::string> NotificationsTo(uint32_t k) const
    {
        std::vector<std::string> out;
        for (const auto& n : m_peers[k].Notifications())
        {
            out.push_back(std::to_string(n.code) + "/" + std::to_string(n.subcode));
        }
        return out;
    }

    static Bytes Open(uint32_t asn, uint16_t holdTime = 180)
    {
        BgpOpen o;
        o.asn = asn;
        o.holdTime = holdTime;
        o.bgpId = *ParseIpv4("10.0.0.11");
        return EncodeBgpMessage(o);
    }
};

} // namespace

// RFC 6608 §3: an unexpected message gets Finite State Machine Error with the subcode of the
// state it arrived in: a KEEPALIVE in OpenSent (1), an UPDATE in OpenConfirm (2), an OPEN in
// Established (3).
TEST_F(BgpWire, StateMachineErrorsCarryTheRfc6608Subcode)
{
    m_peers[0].Connect(m_edge, Addr(0, 1), Addr(0, 2));
    m_peers[1].Connect(m_edge, Addr(1, 1), Addr(1, 2));
    SendAt(MilliSeconds(100), 0, EncodeBgpMessage(BgpKeepalive{}));
    SendAt(MilliSeconds(100), 1,
           Cat({Open(65002), Update(Cat({kOrigin, kAsPath, kNextHop}), {16, 10, 1})}));
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(NotificationsTo(0), std::vector<std::string>{"5/1"}) << "KEEPALIVE in OpenSent";
    EXPECT_EQ(NotificationsTo(1), std::vector<std::string>{"5/2"}) << "UPDATE in OpenConfirm";
}

TEST_F(BgpWire, OpenInEstablishedIsAnFsmErrorOfEstablished)
{
    BgpRobustnessSession::Open(0);
    SendAt(Seconds(1), 0, Open(65001));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(NotificationsTo(0), std::vector<std::string>{"5/3"});
}

// RFC 4271 §6.3 and RFC 7606 §3-§5: the UPDATE errors that still reset the session send
// UPDATE Message Error with the subcode and, as data, the attribute at fault.
TEST_F(BgpWire, ResetClassUpdateErrorsSendTheSubcodeAndTheAttribute)
{
    BgpRobustnessSession::Open(0);
    BgpRobustnessSession::Open(1);
    const Bytes wellKnown{0x40, 0x63, 0x01, 0x07};
    const Bytes mpReach{0x80, 0x0e, 0x08, 0, 1, 1, 3, 192, 168, 100, 0};
    SendAt(Seconds(1), 0, Update(Cat({kOrigin, kAsPath, kNextHop, wellKnown}), {16, 10, 1}));
    SendAt(Seconds(1), 1, Update(Cat({kOrigin, kAsPath, kNextHop, mpReach}), {16, 10, 2}));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    const auto n0 = m_peers[0].Notifications();
    ASSERT_EQ(n0.size(), 1u);
    EXPECT_EQ(n0[0].code, bgperr::kUpdate);
    EXPECT_EQ(n0[0].subcode, bgperr::kUnrecognizedWellKnownAttribute);
    EXPECT_EQ(n0[0].data, wellKnown) << "the unrecognised attribute: type, length and value";
    const auto n1 = m_peers[1].Notifications();
    ASSERT_EQ(n1.size(), 1u);
    EXPECT_EQ(n1[0].code, bgperr::kUpdate);
    EXPECT_EQ(n1[0].subcode, bgperr::kOptionalAttributeError);
    EXPECT_EQ(n1[0].data, mpReach) << "the malformed MP_REACH_NLRI";
    EXPECT_FALSE(Has("10.1.0.0/16"));
    EXPECT_FALSE(Has("10.2.0.0/16"));
}

// RFC 4271 §4.3: "the lower-order four bits of the Attribute Flags octet are unused. They MUST
// be zero when sent". An attribute passed on keeps its Optional, Transitive and Partial bits only.
TEST(BgpAttributeFlags, UnusedBitsAreClearedWhenSent)
{
    const Bytes attribute{0xcf, 0xc8, 0x01, 0xaa}; // unknown optional transitive, low bits set
    const Bytes ext{0xcf, 0x10, 0x08, 0, 2, 0xfd, 0xe9, 0, 0, 0, 1}; // extended community
    const Bytes received = Update(Cat({kOrigin, kAsPath, kNextHop, ext, attribute}), {16, 10, 1});
    auto r = DecodeBgpMessage(received.data(), received.size());
    ASSERT_TRUE(std::holds_alternative<BgpMessage>(r));
    const auto& u = std::get<BgpUpdate>(std::get<BgpMessage>(r));
    ASSERT_EQ(u.attributes.passOn.size(), 2u);
    const Bytes expected = Update(
        Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x10, 0x08, 0, 2, 0xfd, 0xe9, 0, 0, 0, 1}, {0xe0, 0xc8, 0x01, 0xaa}}),
        {16, 10, 1});
    EXPECT_EQ(EncodeBgpMessage(u), expected) << "flags 0xc0 and 0xe0 (Partial), low bits zero";
    // Flags set by hand in the model are cleaned too.
    BgpUpdate hand = u;
    hand.attributes.passOn[0].flags = 0xc3;
    EXPECT_EQ(EncodeBgpMessage(hand), expected);
}

// RFC 4594 §3.2 and doc/control-plane.md: BGP is Network Control (CS6). Every TCP segment of a
// session is marked, the SYN of the active side and the SYN-ACK of the listening one included,
// so that the handshake is queued ahead of data on a full link too. The session is single-hop
// eBGP (the MSEE on the CE's /30): its segments leave with TTL 1 as routers send them, except
// the listener's SYN-ACK (255, the session is not known yet).
TEST_F(BgpWire, EveryTcpSegmentIsCs6AndSingleHopEbgpLeavesWithTtl1)
{
    // An active speaker on the edge for link 1 (the fixture's MSEE waits for 65002 there).
    auto edge = CreateObjectWithAttributes<BgpSpeaker>(
        "Asn", UintegerValue(65002), "RouterId", Ipv4AddressValue(Ipv4Address("10.0.0.12")));
    m_edge->AddApplication(edge);
    BgpPeerConfig c;
    c.name = "to-msee";
    c.localAddress = Addr(1, 1);
    c.peerAddress = Addr(1, 2);
    c.peerAsn = 12076;
    edge->AddPeer(c);
    struct Seen
    {
        uint32_t segments{0};
        uint32_t syn{0};
        uint32_t synAck{0};
        std::set<uint32_t> tos;
        std::set<uint32_t> ttlAfterSynAck; ///< both directions, the SYN-ACK aside
        uint32_t synTtl{0};
        uint32_t synAckTtl{0};
    };
    Seen seen;
    auto watch = [&seen](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
        Ptr<Packet> p = packet->Copy();
        Ipv4Header ip;
        p->RemoveHeader(ip);
        if (ip.GetProtocol() != 6)
        {
            return;
        }
        TcpHeader tcp;
        p->PeekHeader(tcp);
        if (tcp.GetSourcePort() != 179 && tcp.GetDestinationPort() != 179)
        {
            return;
        }
        ++seen.segments;
        const uint8_t flags = tcp.GetFlags();
        seen.syn += (flags & TcpHeader::SYN) && !(flags & TcpHeader::ACK) ? 1 : 0;
        seen.synAck += (flags & TcpHeader::SYN) && (flags & TcpHeader::ACK) ? 1 : 0;
        seen.tos.insert(ip.GetTos());
        if ((flags & TcpHeader::SYN) && (flags & TcpHeader::ACK))
        {
            seen.synAckTtl = ip.GetTtl();
        }
        else if (flags & TcpHeader::SYN)
        {
            seen.synTtl = ip.GetTtl();
        }
        else
        {
            seen.ttlAfterSynAck.insert(ip.GetTtl());
        }
    };
    for (auto node : {m_edge, m_msee})
    {
        node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "Tx", Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(watch));
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_TRUE(edge->GetSession(0)->IsEstablished());
    EXPECT_EQ(seen.syn, 1u);
    EXPECT_EQ(seen.synAck, 1u);
    EXPECT_GE(seen.segments, 6u) << "handshake, OPENs, KEEPALIVEs";
    EXPECT_EQ(seen.tos, std::set<uint32_t>{48u << 2}) << "DSCP 48 (TOS 0xc0) on every segment";
    EXPECT_EQ(seen.synTtl, 1u);
    EXPECT_EQ(seen.synAckTtl, 255u);
    EXPECT_EQ(seen.ttlAfterSynAck, std::set<uint32_t>{1u}) << "both sides, every later segment";
    // A second /30 on the same interface (as a circuit link carries private and Microsoft
    // peering): single hop as well.
    auto ipv4 = m_edge->GetObject<Ipv4>();
    const uint32_t interface = ipv4->GetInterfaceForAddress(Addr(1, 1));
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(Ipv4Address("10.77.0.1"), Ipv4Mask("/30")));
    BgpPeerConfig second = c;
    second.localAsn = 65002;
    second.localAddress = Ipv4Address("10.77.0.1");
    second.peerAddress = Ipv4Address("10.77.0.2");
    auto secondSession = CreateObject<BgpSession>();
    secondSession->Configure(m_edge, second);
    EXPECT_EQ(secondSession->GetTtl(), 1u);
    // The same speaker's sessions that are not single-hop eBGP: 255.
    BgpPeerConfig ibgp = c;
    ibgp.localAsn = 65002;
    ibgp.peerAsn = 65002;
    BgpPeerConfig multihop = c;
    multihop.localAsn = 65002;
    multihop.peerAddress = Ipv4Address("10.9.9.9");
    for (const auto& config : {ibgp, multihop})
    {
        auto session = CreateObject<BgpSession>();
        session->Configure(m_edge, config);
        EXPECT_EQ(session->GetTtl(), 255u) << config.peerAddress << " AS" << config.peerAsn;
    }
}

// RFC 4271 §8.2.2, Established: "Each time the local system sends a KEEPALIVE or UPDATE
// message, it restarts its KeepaliveTimer". With a 9 s hold time (keepalives every 3 s) and an
// UPDATE every 2 s, the speaker sends no KEEPALIVE after the one that answers the OPEN.
TEST_F(BgpWire, AnUpdateSentRestartsTheKeepaliveTimer)
{
    m_peers[0].Connect(m_edge, Addr(0, 1), Addr(0, 2));
    SendAt(MilliSeconds(100), 0, Cat({Open(65001, 9), EncodeBgpMessage(BgpKeepalive{})}));
    for (int t = 1; t <= 11; t += 2)
    {
        Simulator::Schedule(Seconds(t), [this, t]() {
            m_speaker->Originate(Ipv4Prefix{(10u << 24) | (static_cast<uint32_t>(t) << 16), 16});
        });
    }
    for (int t = 3; t <= 12; t += 3)
    {
        SendAt(Seconds(t), 0, EncodeBgpMessage(BgpKeepalive{})); // the peer's, to keep it up
    }
    Simulator::Stop(Seconds(12.5));
    Simulator::Run();
    EXPECT_EQ(m_speaker->GetSession(0)->GetKeepaliveTime(), Seconds(3));
    EXPECT_EQ(m_peers[0].Updates().size(), 6u);
    EXPECT_EQ(m_speaker->GetSession(0)->GetKeepalivesSent(), 1u)
        << "only the KEEPALIVE answering the OPEN: every UPDATE restarted the 3 s timer";
    EXPECT_TRUE(m_speaker->GetSession(0)->IsEstablished());
}

// doc/control-plane.md: the MSEE drops what the customer tags its routes with. A peer whose
// policy strips communities loses its standard (RFC 1997), extended (RFC 4360) and large
// (RFC 8092) communities and its unknown optional transitive attributes on import; OTC
// (RFC 9234), the marker of a route leak, stays.
TEST_F(BgpWire, StrippedPeerLosesItsCommunitiesAndUnknownTransitiveAttributes)
{
    BgpPeerPolicy strip;
    strip.stripCommunities = true;
    m_speaker->SetPolicy(0, strip);
    BgpRobustnessSession::Open(0);
    BgpRobustnessSession::Open(1);
    const Bytes ext{0xc0, 0x10, 0x08, 0, 2, 0xfd, 0xe9, 0, 0, 0, 1};
    const Bytes large{0xc0, 0x20, 0x0c, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 0, 0, 0, 2};
    const Bytes otc{0xc0, 0x23, 0x04, 0, 0, 0xfd, 0xe9};
    const Bytes unknown{0xc0, 0xf0, 0x04, 0xde, 0xad, 0xbe, 0xef};
    SendAt(Seconds(1), 0,
           Update(Cat({kOrigin, kAsPath, kNextHop, kCommunities, ext, large, otc, unknown}), {16, 10, 1}));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    const Bytes expected = Update(Cat({kOrigin,
                                       {0x40, 0x02, 0x0a, 0x02, 0x02, 0, 0, 0x2f, 0x2c, 0, 0, 0xfd, 0xe9},
                                       {0x40, 0x03, 0x04, 192, 168, 100, 6},
                                       otc}),
                                  {16, 10, 1});
    const auto updates = m_peers[1].Updates();
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0], expected) << "12076 65001, next hop self, OTC only";
}
