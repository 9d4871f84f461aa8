// SPDX-License-Identifier: GPL-2.0-only
// The BGP code against what real implementations send, with byte-exact messages: RFC 7606
// revised error handling (treat-as-withdraw, attribute discard, session reset), RFC 6793
// AS_TRANS/AS4_PATH towards and from 2-octet peers, optional transitive attributes passed on
// (RFC 4271 §9.1.4), RFC 6286 BGP identifiers, RFC 4760 IPv4 unicast in MP_REACH/MP_UNREACH.
// The session tests drive a speaker from scripted peers that write raw bytes on TCP.
#include "expressroute-bgp-scripted-peer.h"

#include "ns3/boolean.h"

using namespace ns3;
using namespace ns3::expressroute;
using namespace ns3::expressroute::test;

namespace
{

std::variant<BgpMessage, BgpDecodeError>
Decode(const Bytes& b, bool fourOctetAs = true)
{
    return DecodeBgpMessage(b.data(), b.size(), fourOctetAs);
}

BgpUpdate
UpdateOf(const std::variant<BgpMessage, BgpDecodeError>& r)
{
    if (const auto* e = std::get_if<BgpDecodeError>(&r))
    {
        ADD_FAILURE() << "expected an UPDATE, got an error: " << e->reason;
        return {};
    }
    return std::get<BgpUpdate>(std::get<BgpMessage>(r));
}

} // namespace

// RFC 7606 §3, §4, §7: per malformation, whether the session resets, and whether the UPDATE's
// route (10.1.0.0/16) is kept or withdrawn.
TEST(BgpRobustness, MalformedUpdatesFollowRfc7606)
{
    enum class Outcome
    {
        Kept,
        Withdrawn,
        Reset
    };
    struct Case
    {
        const char* name;
        Bytes attributes;
        Outcome outcome;
        uint8_t subcode; // for Reset
    };
    const Bytes nlri{16, 10, 1};
    const std::vector<Case> cases{
        {"bad ORIGIN value", Cat({{0x40, 0x01, 0x01, 0x05}, kAsPath, kNextHop, kMed}), Outcome::Withdrawn, 0},
        {"ORIGIN wrong length", Cat({{0x40, 0x01, 0x02, 0x00, 0x00}, kAsPath, kNextHop}), Outcome::Withdrawn, 0},
        {"MED wrong length", Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x04, 0x03, 0, 0, 0x32}}), Outcome::Withdrawn, 0},
        {"LOCAL_PREF wrong length", Cat({kOrigin, kAsPath, kNextHop, {0x40, 0x05, 0x02, 0, 100}}), Outcome::Withdrawn, 0},
        {"NEXT_HOP wrong length", Cat({kOrigin, kAsPath, {0x40, 0x03, 0x05, 192, 168, 100, 1, 0}}), Outcome::Withdrawn, 0},
        {"NEXT_HOP 0.0.0.0", Cat({kOrigin, kAsPath, {0x40, 0x03, 0x04, 0, 0, 0, 0}}), Outcome::Withdrawn, 0},
        {"NEXT_HOP multicast", Cat({kOrigin, kAsPath, {0x40, 0x03, 0x04, 224, 0, 0, 5}}), Outcome::Withdrawn, 0},
        {"COMMUNITIES length 5", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x08, 0x05, 0x2f, 0x2c, 0xc7, 0x3a, 0}}), Outcome::Withdrawn, 0},
        {"AGGREGATOR wrong length", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x07, 0x06, 0xfd, 0xe9, 10, 0, 0, 1}}), Outcome::Kept, 0},
        {"ATOMIC_AGGREGATE length 1", Cat({kOrigin, kAsPath, kNextHop, {0x40, 0x06, 0x01, 0x00}}), Outcome::Kept, 0},
        {"duplicate MED", Cat({kOrigin, kAsPath, kNextHop, kMed, {0x80, 0x04, 0x04, 0, 0, 0, 0x64}}), Outcome::Kept, 0},
        {"MED flags well-known", Cat({kOrigin, kAsPath, kNextHop, {0x40, 0x04, 0x04, 0, 0, 0, 0x32}}), Outcome::Withdrawn, 0},
        {"AS_PATH segment type 3", Cat({kOrigin, {0x40, 0x02, 0x06, 0x03, 0x01, 0, 0, 0xfd, 0xe9}, kNextHop}), Outcome::Withdrawn, 0},
        {"AS_PATH count overruns", Cat({kOrigin, {0x40, 0x02, 0x06, 0x02, 0x02, 0, 0, 0xfd, 0xe9}, kNextHop}), Outcome::Withdrawn, 0},
        {"attribute overruns the list", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x08, 0x20, 0x2f, 0x2c, 0xc7, 0x3a}}), Outcome::Withdrawn, 0},
        {"ORIGIN missing", Cat({kAsPath, kNextHop}), Outcome::Withdrawn, 0},
        // RFC 7606 §7.2: an AS_PATH segment of length zero is malformed.
        {"AS_PATH segment of 0 ASNs", Cat({kOrigin, {0x40, 0x02, 0x02, 0x02, 0x00}, kNextHop}), Outcome::Withdrawn, 0},
        // RFC 7606 §7.8, §7.14, RFC 8092 §6: a length that is not a non-zero multiple of the unit.
        {"COMMUNITIES length 0", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x08, 0x00}}), Outcome::Withdrawn, 0},
        {"EXTENDED_COMMUNITIES length 4", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x10, 0x04, 0, 2, 0xfd, 0xe9}}), Outcome::Withdrawn, 0},
        {"LARGE_COMMUNITY length 8", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x20, 0x08, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1}}), Outcome::Withdrawn, 0},
        // RFC 7606 §3 c: flags in conflict, on an attribute whose own rule is treat-as-withdraw.
        {"LOCAL_PREF flags optional", Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x05, 0x04, 0, 0, 0, 100}}), Outcome::Withdrawn, 0},
        // ... and on one whose rule is attribute discard (a deviation, doc/control-plane.md).
        {"AGGREGATOR flags well-known", Cat({kOrigin, kAsPath, kNextHop, {0x40, 0x07, 0x08, 0, 0, 0xfd, 0xe9, 10, 0, 0, 1}}), Outcome::Kept, 0},
        {"ATOMIC_AGGREGATE flags optional", Cat({kOrigin, kAsPath, kNextHop, {0xc0, 0x06, 0x00}}), Outcome::Kept, 0},
        // Only these reset (RFC 7606 §3 g, §5.3, §7.11; RFC 4271 §6.3 for the well-known one):
        {"MP_REACH_NLRI twice",
         Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x0e, 0x09, 0, 1, 1, 4, 192, 168, 100, 1, 0},
              {0x80, 0x0e, 0x09, 0, 1, 1, 4, 192, 168, 100, 1, 0}}),
         Outcome::Reset, bgperr::kMalformedAttributeList},
        {"MP_REACH_NLRI next hop of 3 bytes",
         Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x0e, 0x08, 0, 1, 1, 3, 192, 168, 100, 0}}),
         Outcome::Reset, bgperr::kOptionalAttributeError},
        {"unrecognised well-known attribute", Cat({kOrigin, kAsPath, kNextHop, {0x40, 0x63, 0x00}}),
         Outcome::Reset, bgperr::kUnrecognizedWellKnownAttribute},
        // RFC 7606 §5.3, §7.11: the NLRI of MP_REACH_NLRI cannot be parsed (prefix length 33).
        {"MP_REACH_NLRI prefix length 33",
         Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x0e, 0x0f, 0, 1, 1, 4, 192, 168, 100, 1, 0, 33, 10, 1, 2, 3, 4}}),
         Outcome::Reset, bgperr::kOptionalAttributeError},
        {"MP_UNREACH_NLRI twice",
         Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x0f, 0x06, 0, 1, 1, 16, 10, 5}, {0x80, 0x0f, 0x06, 0, 1, 1, 16, 10, 6}}),
         Outcome::Reset, bgperr::kMalformedAttributeList},
    };
    for (const auto& c : cases)
    {
        const auto r = Decode(Update(c.attributes, nlri));
        if (c.outcome == Outcome::Reset)
        {
            ASSERT_TRUE(std::holds_alternative<BgpDecodeError>(r)) << c.name << ": resets the session";
            EXPECT_EQ(std::get<BgpDecodeError>(r).code, bgperr::kUpdate) << c.name;
            EXPECT_EQ(std::get<BgpDecodeError>(r).subcode, c.subcode) << c.name;
            continue;
        }
        ASSERT_TRUE(std::holds_alternative<BgpMessage>(r))
            << c.name << ": no reset, but " << std::get<BgpDecodeError>(r).reason;
        const auto& u = std::get<BgpUpdate>(std::get<BgpMessage>(r));
        EXPECT_FALSE(u.attributeErrors.empty()) << c.name << ": the error is reported";
        if (c.outcome == Outcome::Kept)
        {
            EXPECT_FALSE(u.treatAsWithdraw) << c.name;
            EXPECT_EQ(u.nlri, std::vector<Ipv4Prefix>{P("10.1.0.0/16")}) << c.name << ": route kept";
            EXPECT_TRUE(u.withdrawn.empty()) << c.name;
        }
        else
        {
            EXPECT_TRUE(u.treatAsWithdraw) << c.name;
            EXPECT_TRUE(u.nlri.empty()) << c.name;
            EXPECT_EQ(u.withdrawn, std::vector<Ipv4Prefix>{P("10.1.0.0/16")}) << c.name << ": withdrawn";
        }
    }
}

// RFC 4271 §6.3, RFC 7606 §5.3: prefixes that cannot be parsed, in Withdrawn Routes or in
// the NLRI field, leave the message unparsable: Invalid Network Field and a reset.
TEST(BgpRobustness, UnparsablePrefixesResetWithInvalidNetworkField)
{
    const Bytes attributes = Cat({kOrigin, kAsPath, kNextHop});
    for (const auto& [name, update] :
         {std::make_pair("withdrawn prefix length 33", Update(attributes, {16, 10, 1}, {33, 10, 1, 2, 3, 4})),
          std::make_pair("NLRI prefix length 33", Update(attributes, {33, 10, 1, 2, 3, 4})),
          std::make_pair("NLRI prefix overruns the message", Update(attributes, {24, 10, 1}))})
    {
        const auto r = Decode(update);
        ASSERT_TRUE(std::holds_alternative<BgpDecodeError>(r)) << name << ": resets the session";
        EXPECT_EQ(std::get<BgpDecodeError>(r).code, bgperr::kUpdate) << name;
        EXPECT_EQ(std::get<BgpDecodeError>(r).subcode, bgperr::kInvalidNetworkField) << name;
    }
}

TEST(BgpRobustness, DiscardKeepsTheFirstDuplicateAndDropsOnlyTheBadAttribute)
{
    const BgpUpdate u = UpdateOf(Decode(Update(Cat({kOrigin, kAsPath, kNextHop, kMed, {0x80, 0x04, 0x04, 0, 0, 0, 0x64},
                                {0xc0, 0x07, 0x07, 0, 0, 0xfd, 0xe9, 10, 0, 0}, kCommunities}),
                           {16, 10, 1})));
    EXPECT_EQ(u.attributes.med, 50u) << "the first MED counts (RFC 7606 §3 g)";
    EXPECT_FALSE(u.attributes.aggregator.has_value()) << "the 7-byte AGGREGATOR is discarded";
    EXPECT_EQ(u.attributes.communities, std::vector<uint32_t>{(12076u << 16) | 51002u});
    EXPECT_EQ(u.attributeErrors.size(), 2u);
}

// RFC 6793 §4.2.2: a 2-octet peer gets AS_TRANS in AS_PATH and AGGREGATOR, and the real ASNs
// in AS4_PATH and AS4_AGGREGATOR.
TEST(BgpRobustness, TwoOctetEncodingCarriesAsTransAndAs4Path)
{
    BgpUpdate u;
    u.attributes.origin = BgpOrigin::Igp;
    u.attributes.asPath = std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {12076, 4200000001u}}};
    u.attributes.nextHop = *ParseIpv4("192.168.100.6");
    u.attributes.aggregator = BgpAggregator{4200000002u, *ParseIpv4("10.0.0.1")};
    u.nlri = {P("10.1.0.0/16")};
    const Bytes expected = Update(
        Cat({kOrigin,
             {0x40, 0x02, 0x06, 0x02, 0x02, 0x2f, 0x2c, 0x5b, 0xa0},         // 12076 23456
             {0x40, 0x03, 0x04, 192, 168, 100, 6},
             {0xc0, 0x07, 0x06, 0x5b, 0xa0, 10, 0, 0, 1},                     // AS_TRANS
             {0xc0, 0x11, 0x0a, 0x02, 0x02, 0, 0, 0x2f, 0x2c, 0xfa, 0x56, 0xea, 0x01},
             {0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x02, 10, 0, 0, 1}}),
        {16, 10, 1});
    EXPECT_EQ(EncodeBgpMessage(u, false), expected);
    // Decoded by a 2-octet session, the 4-octet path and aggregator come back (§4.2.3).
    const BgpUpdate d = UpdateOf(Decode(expected, false));
    EXPECT_EQ(d.attributes.asPath, u.attributes.asPath);
    EXPECT_EQ(d.attributes.aggregator, u.attributes.aggregator);
    // A path with only 2-octet ASNs needs no AS4_PATH.
    u.attributes.asPath = std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {12076, 65001}}};
    u.attributes.aggregator.reset();
    EXPECT_EQ(EncodeBgpMessage(u, false).size(), expected.size() - 9 - 13 - 11)
        << "no AS4_PATH, no AGGREGATOR, no AS4_AGGREGATOR";
}

// RFC 6793 §4.2.3: AS_PATH 65002 23456 {65003} 23456 with AS4_PATH 4200000003 {65003}
// 4200000004 is rebuilt as 65002 4200000003 {65003} 4200000004; an AS4_PATH longer than
// AS_PATH is ignored.
TEST(BgpRobustness, As4PathIsMergedFromATwoOctetPeer)
{
    const Bytes attributes = Cat({kOrigin,
                                  {0x40, 0x02, 0x0e, 0x02, 0x02, 0xfd, 0xea, 0x5b, 0xa0, 0x01, 0x01,
                                   0xfd, 0xeb, 0x02, 0x01, 0x5b, 0xa0},
                                  kNextHop,
                                  {0xc0, 0x11, 0x12, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x03, 0x01, 0x01, 0,
                                   0, 0xfd, 0xeb, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x04}});
    const BgpUpdate d = UpdateOf(Decode(Update(attributes, {16, 10, 1}), false));
    const std::vector<BgpAsPathSegment> expected{{BgpAsPathSegment::kSequence, {65002, 4200000003u}},
                                                 {BgpAsPathSegment::kSet, {65003}},
                                                 {BgpAsPathSegment::kSequence, {4200000004u}}};
    EXPECT_EQ(d.attributes.asPath, expected);
    EXPECT_EQ(d.attributes.AsPathLength(), 4u);
    // The same AS4_PATH beside a 1-ASN AS_PATH is longer than it: ignored.
    const Bytes shortPath = Cat({kOrigin, {0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xea}, kNextHop,
                                 {0xc0, 0x11, 0x0a, 0x02, 0x02, 0xfa, 0x56, 0xea, 0x03, 0xfa, 0x56, 0xea, 0x04}});
    const BgpUpdate s = UpdateOf(Decode(Update(shortPath, {16, 10, 1}), false));
    EXPECT_EQ(s.attributes.asPath,
              (std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {65002}}}));
}

// RFC 6793 §4.2.3 counts an AS_SET as one hop, so a 2-octet peer's 3-hop AS_PATH takes an
// AS4_PATH of three AS_SETs of 255 ASNs: a 3,118-byte UPDATE whose path re-encodes to more than
// 4,096 bytes, so the export can put no prefix beside it (MaxPrefixesPerUpdate 0).
TEST(BgpRobustness, AnAs4PathOfSetsCanOutgrowOneUpdate)
{
    Bytes as4{0xd0, 0x11, 0, 0};
    for (uint32_t set = 0; set < 3; ++set)
    {
        as4.insert(as4.end(), {0x01, 0xff});
        for (uint32_t i = 0; i < 255; ++i)
        {
            const uint32_t asn = 4200000000u + 255 * set + i;
            as4.insert(as4.end(), {static_cast<uint8_t>(asn >> 24), static_cast<uint8_t>(asn >> 16),
                                   static_cast<uint8_t>(asn >> 8), static_cast<uint8_t>(asn)});
        }
    }
    as4[2] = static_cast<uint8_t>((as4.size() - 4) >> 8);
    as4[3] = static_cast<uint8_t>(as4.size() - 4);
    const Bytes update = Update(Cat({kOrigin, {0x40, 0x02, 0x08, 0x02, 0x03, 0xfd, 0xea, 0x5b, 0xa0, 0x5b, 0xa0},
                                     kNextHop, as4}),
                                {16, 10, 1});
    EXPECT_EQ(update.size(), 3118u);
    const BgpUpdate d = UpdateOf(Decode(update, false));
    ASSERT_TRUE(d.attributes.asPath.has_value());
    EXPECT_EQ(d.attributes.asPath->size(), 3u) << "the merged path is the three sets";
    EXPECT_GT(UpdateSizeWithoutPrefixes(d.attributes), kBgpMaxMessageSize);
    EXPECT_EQ(MaxPrefixesPerUpdate(d.attributes, 8), 0u);
}

// RFC 6286 §2.1: only a zero BGP identifier is wrong.
TEST(BgpRobustness, BgpIdentifierMayBeAnyNonZeroValue)
{
    BgpOpen o;
    o.asn = 65001;
    for (const char* id : {"224.0.0.1", "240.0.0.1", "255.255.255.255"})
    {
        o.bgpId = *ParseIpv4(id);
        const auto b = EncodeBgpMessage(o);
        EXPECT_TRUE(std::holds_alternative<BgpMessage>(Decode(b))) << id << " is accepted";
    }
    o.bgpId = 0;
    const auto b = EncodeBgpMessage(o);
    const auto r = Decode(b);
    ASSERT_TRUE(std::holds_alternative<BgpDecodeError>(r));
    EXPECT_EQ(std::get<BgpDecodeError>(r).subcode, bgperr::kBadBgpIdentifier);
}

// RFC 4760 §3, §4: IPv4 unicast in MP_REACH_NLRI (with its own next hop) and MP_UNREACH_NLRI.
TEST(BgpRobustness, Ipv4UnicastInMpReachAndMpUnreachDecodes)
{
    const Bytes reach = Update(Cat({kOrigin, kAsPath,
                                    {0x80, 0x0e, 0x0c, 0, 1, 1, 4, 192, 168, 100, 1, 0, 16, 10, 5}}),
                               {});
    const BgpUpdate u = UpdateOf(Decode(reach));
    EXPECT_EQ(u.mpNlri, std::vector<Ipv4Prefix>{P("10.5.0.0/16")});
    EXPECT_EQ(u.mpNextHop, *ParseIpv4("192.168.100.1"));
    EXPECT_FALSE(u.treatAsWithdraw) << "no NEXT_HOP needed for MP routes";
    EXPECT_EQ(EncodeBgpMessage(u), reach) << "and it re-encodes byte for byte";
    const Bytes unreach = Update({0x80, 0x0f, 0x06, 0, 1, 1, 16, 10, 5}, {});
    const BgpUpdate w = UpdateOf(Decode(unreach));
    EXPECT_EQ(w.withdrawn, std::vector<Ipv4Prefix>{P("10.5.0.0/16")});
    // Another address family (IPv6 unicast) is ignored, not an error.
    const Bytes v6 = Update({0x80, 0x0f, 0x05, 0, 2, 1, 8, 0x20}, {});
    const BgpUpdate x = UpdateOf(Decode(v6));
    EXPECT_TRUE(x.withdrawn.empty());
}

// RFC 4760 §3: in an UPDATE whose routes are all in MP_REACH_NLRI, NEXT_HOP is ignored, even a
// malformed one; with routes in the NLRI field the same NEXT_HOP withdraws them (RFC 7606 §7.3).
TEST(BgpRobustness, NextHopIsIgnoredWhenTheRoutesAreAllInMpReach)
{
    const Bytes badNextHop{0x40, 0x03, 0x04, 0, 0, 0, 0};
    const Bytes mpReach{0x80, 0x0e, 0x0c, 0, 1, 1, 4, 192, 168, 100, 1, 0, 16, 10, 5};
    const BgpUpdate u = UpdateOf(Decode(Update(Cat({kOrigin, kAsPath, badNextHop, mpReach}), {})));
    EXPECT_FALSE(u.treatAsWithdraw);
    EXPECT_EQ(u.mpNlri, std::vector<Ipv4Prefix>{P("10.5.0.0/16")});
    EXPECT_EQ(u.mpNextHop, *ParseIpv4("192.168.100.1"));
    EXPECT_FALSE(u.attributes.nextHop.has_value());
    const BgpUpdate v = UpdateOf(Decode(Update(Cat({kOrigin, kAsPath, badNextHop}), {16, 10, 1})));
    EXPECT_TRUE(v.treatAsWithdraw);
    EXPECT_EQ(v.withdrawn, std::vector<Ipv4Prefix>{P("10.1.0.0/16")});
}

// RFC 7606 §7.4: the headline case, through the session: a malformed MED withdraws the route
// it announces, the session stays Established and no NOTIFICATION is sent.
TEST_F(BgpRobustnessSession, MalformedMedIsTreatedAsWithdrawAndTheSessionStaysUp)
{
    Open(0);
    SendAt(Seconds(1), 0, Update(Cat({kOrigin, kAsPath, kNextHop, kMed}), {16, 10, 1, 16, 10, 2}));
    bool before = false;
    Simulator::Schedule(Seconds(1.5), [&]() { before = Has("10.1.0.0/16") && Has("10.2.0.0/16"); });
    SendAt(Seconds(2), 0, Update(Cat({kOrigin, kAsPath, kNextHop, {0x80, 0x04, 0x03, 0, 0, 0x32}}), {16, 10, 1}));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(before) << "both routes learned first";
    EXPECT_FALSE(Has("10.1.0.0/16")) << "the route of the malformed UPDATE is withdrawn";
    EXPECT_TRUE(Has("10.2.0.0/16")) << "the other route stays";
    EXPECT_EQ(m_states, (std::vector<std::string>{"peer0:Active", "peer1:Active", "peer0:OpenSent",
                                                  "peer0:OpenConfirm", "peer0:Established"}))
        << "no reset";
    EXPECT_FALSE(m_peers[0].ReceivedNotification());
}

// RFC 4271 §5, §9.1.4: an unknown optional transitive attribute and a large community from
// peer 0 reach peer 1 unchanged, the unknown one with the Partial bit; an unknown
// non-transitive one does not. Peer 1 has no 4-octet AS capability: its UPDATE carries AS_TRANS
// for peer 0's 4-octet ASN and the path in AS4_PATH (RFC 6793 §4.2.2).
TEST_F(BgpRobustnessSession, TransitiveAttributesPassOnAndTwoOctetPeerGetsAs4Path)
{
    Open(0);
    Open(1, false);
    const Bytes large{0xc0, 0x20, 0x0c, 0, 0, 0x2f, 0x2c, 0, 0, 0, 1, 0, 0, 0, 2};
    SendAt(Seconds(1), 0,
           Update(Cat({kOrigin, {0x40, 0x02, 0x0a, 0x02, 0x02, 0, 0, 0xfd, 0xe9, 0xfa, 0x56, 0xea, 0x01},
                       kNextHop, large, {0xc0, 0xf0, 0x04, 0xde, 0xad, 0xbe, 0xef},
                       {0x80, 0xf1, 0x02, 0xab, 0xcd}}),
                  {16, 10, 1}));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_TRUE(Has("10.1.0.0/16"));
    const Bytes expected = Update(
        Cat({kOrigin,
             {0x40, 0x02, 0x08, 0x02, 0x03, 0x2f, 0x2c, 0xfd, 0xe9, 0x5b, 0xa0}, // 12076 65001 AS_TRANS
             {0x40, 0x03, 0x04, 192, 168, 100, 6},                                // next-hop-self
             {0xc0, 0x11, 0x0e, 0x02, 0x03, 0, 0, 0x2f, 0x2c, 0, 0, 0xfd, 0xe9, 0xfa, 0x56, 0xea, 0x01},
             large,
             {0xe0, 0xf0, 0x04, 0xde, 0xad, 0xbe, 0xef}}), // Partial set
        {16, 10, 1});
    const auto updates = m_peers[1].Updates();
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0], expected);
}

// RFC 6793 §4.2.3 through the session: a 2-octet peer's AS_PATH with AS_TRANS is rebuilt.
TEST_F(BgpRobustnessSession, As4PathFromATwoOctetPeerIsMerged)
{
    Open(1, false);
    SendAt(Seconds(1), 1,
           Update(Cat({kOrigin, {0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xea, 0x5b, 0xa0},
                       {0x40, 0x03, 0x04, 192, 168, 100, 5},
                       {0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x03}}),
                  {16, 10, 3}));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    const auto routes = m_speaker->GetBestRoutes(P("10.3.0.0/16"));
    ASSERT_EQ(routes.size(), 1u);
    EXPECT_EQ(routes[0].attributes.asPath,
              (std::vector<BgpAsPathSegment>{{BgpAsPathSegment::kSequence, {65002, 4200000003u}}}));
}

// RFC 6286: a class-E identifier, and one equal to ours from an external peer, are accepted.
TEST_F(BgpRobustnessSession, ClassEAndEqualExternalIdentifiersEstablish)
{
    Open(0, true, "240.0.0.1");
    Open(1, true, "10.0.0.2"); // the speaker's own identifier, but eBGP
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_NE(std::find(m_states.begin(), m_states.end(), "peer0:Established"), m_states.end());
    EXPECT_NE(std::find(m_states.begin(), m_states.end(), "peer1:Established"), m_states.end());
}

// RFC 4760: a route announced in MP_REACH_NLRI is installed with the MP next hop, and
// withdrawn by MP_UNREACH_NLRI.
TEST_F(BgpRobustnessSession, MpReachAnnouncesAndMpUnreachWithdraws)
{
    Open(0);
    SendAt(Seconds(1), 0,
           Update(Cat({kOrigin, kAsPath, {0x80, 0x0e, 0x0c, 0, 1, 1, 4, 192, 168, 100, 1, 0, 16, 10, 5}}), {}));
    bool announced = false;
    Simulator::Schedule(Seconds(1.5), [&]() {
        const auto r = m_speaker->GetBestRoutes(P("10.5.0.0/16"));
        announced = r.size() == 1 && r[0].attributes.nextHop == *ParseIpv4("192.168.100.1");
    });
    SendAt(Seconds(2), 0, Update({0x80, 0x0f, 0x06, 0, 1, 1, 16, 10, 5}, {}));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(announced) << "installed with the MP_REACH next hop";
    EXPECT_FALSE(Has("10.5.0.0/16")) << "withdrawn by MP_UNREACH";
}

// RFC 4271 §4: a route whose attributes, as they would go out (the MSEE prepends 12076), no
// longer fit in one 4,096-byte UPDATE is not sent: peer 1 had 10.1.0.0/16 and gets its
// withdrawal instead of an UPDATE of 4,100 bytes (which a real peer would answer with a
// Bad Message Length NOTIFICATION, again at every reconnection); the route that fits still goes
// out, and no session is reset.
TEST_F(BgpRobustnessSession, ARouteThatGrowsPastOneUpdateIsWithdrawnNotSent)
{
    std::vector<std::string> tooLarge;
    m_speaker->TraceConnectWithoutContext(
        "RouteTooLarge", Callback<void, std::string, std::string, uint32_t>(
                             [&](std::string peer, std::string prefix, uint32_t bytes) {
                                 tooLarge.push_back(peer + " " + prefix + " " + std::to_string(bytes));
                             }));
    Open(0);
    Open(1);
    SendAt(Seconds(1), 0, Update(Cat({kOrigin, kAsPath, kNextHop}), {16, 10, 1}));
    const std::size_t pad = 4096 - (19 + 2 + 2 + kOrigin.size() + kAsPath.size() + kNextHop.size() + 4 + 3);
    Bytes big{0xd0, 0xc8, static_cast<uint8_t>(pad >> 8), static_cast<uint8_t>(pad)}; // optional transitive, extended length
    big.insert(big.end(), pad, 0xab);
    const Bytes huge = Update(Cat({kOrigin, kAsPath, kNextHop, big}), {16, 10, 1});
    ASSERT_EQ(huge.size(), kBgpMaxMessageSize) << "a legal UPDATE of the largest size";
    SendAt(Seconds(2), 0, huge);
    SendAt(Seconds(2.5), 0, Update(Cat({kOrigin, kAsPath, kNextHop}), {16, 10, 2}));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(Has("10.1.0.0/16")) << "the MSEE itself uses the route";
    EXPECT_EQ(tooLarge, std::vector<std::string>{"peer1 10.1.0.0/16 4097"});
    std::vector<std::string> seen; // what peer 1 was told, in order
    for (const auto& b : m_peers[1].Updates())
    {
        ASSERT_LE(b.size(), kBgpMaxMessageSize);
        const BgpUpdate u = UpdateOf(Decode(b));
        for (const auto& p : u.withdrawn)
        {
            seen.push_back("-" + p.ToString());
        }
        for (const auto& p : u.nlri)
        {
            seen.push_back("+" + p.ToString());
        }
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"+10.1.0.0/16", "-10.1.0.0/16", "+10.2.0.0/16"}));
    EXPECT_FALSE(m_peers[0].ReceivedNotification());
    EXPECT_FALSE(m_peers[1].ReceivedNotification());
    EXPECT_EQ(std::count(m_states.begin(), m_states.end(), "peer0:Established") +
                  std::count(m_states.begin(), m_states.end(), "peer1:Established"),
              2)
        << "no reset";
}

// RFC 4271 §6.4: an error found in a NOTIFICATION (here one without its error subcode) is never
// reported with a NOTIFICATION; the session just closes.
TEST_F(BgpRobustnessSession, AMalformedNotificationIsNotAnswered)
{
    Open(0);
    SendAt(Seconds(1), 0, Cat({Bytes(16, 0xff), {0, 20, 3, 6}})); // 20 bytes: Cease, no subcode
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_FALSE(m_peers[0].ReceivedNotification());
    EXPECT_NE(std::find(m_states.begin(), m_states.end(), "peer0:Idle"), m_states.end());
}

// RFC 4271 §6.3, RFC 7606 §7.2: a route from an external peer whose AS_PATH does not begin
// with the peer's ASN is treated as withdrawn, as FRR and Cisco IOS do by default; the session
// stays up. With EnforceFirstAs false it is accepted.
TEST_F(BgpRobustnessSession, ARouteNotFirstFromTheExternalPeersAsIsWithdrawn)
{
    Open(0);
    const Bytes fromElsewhere{0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xfb}; // 65019
    SendAt(Seconds(1), 0, Update(Cat({kOrigin, kAsPath, kNextHop}), {16, 10, 1}));
    bool before = false;
    Simulator::Schedule(Seconds(1.5), [&]() { before = Has("10.1.0.0/16"); });
    SendAt(Seconds(2), 0, Update(Cat({kOrigin, fromElsewhere, kNextHop}), {16, 10, 1, 16, 10, 2}));
    bool toggled = false;
    Simulator::Schedule(Seconds(2.5), [&]() {
        m_speaker->SetAttribute("EnforceFirstAs", BooleanValue(false));
    });
    SendAt(Seconds(3), 0, Update(Cat({kOrigin, fromElsewhere, kNextHop}), {16, 10, 3}));
    Simulator::Schedule(Seconds(3.5), [&]() { toggled = Has("10.3.0.0/16"); });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_TRUE(before);
    EXPECT_FALSE(Has("10.1.0.0/16")) << "the route it replaced is withdrawn";
    EXPECT_FALSE(Has("10.2.0.0/16"));
    EXPECT_TRUE(toggled) << "accepted without the check";
    EXPECT_FALSE(m_peers[0].ReceivedNotification());
    EXPECT_EQ(std::count(m_states.begin(), m_states.end(), "peer0:Established"), 1);
}
