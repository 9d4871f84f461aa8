// SPDX-License-Identifier: GPL-2.0-only
// The path attribute codec of BGP-4 UPDATEs (RFC 4271 §4.3, §5): encoding in either AS number
// size (RFC 6793), and decoding with RFC 7606's revised error handling. Each attribute type has
// the flags RFC 4271 §5 (and its own RFC) gives it and the action RFC 7606 §7 prescribes when it
// is malformed: attribute discard, treat-as-withdraw or session reset. Only the last resets the
// session; the other two keep it up and are recorded in BgpUpdate::attributeErrors.
#include "expressroute-bgp-wire.h"

#include <algorithm>
#include <bitset>

namespace ns3
{
namespace expressroute
{
namespace bgpwire
{

namespace
{

/// The flags an attribute keeps: Optional, Transitive and Partial. Extended Length is set by
/// WriteAttribute as the value needs; the four low-order bits are unused and "MUST be zero
/// when sent" (RFC 4271 §4.3), also for an attribute passed on with them set.
constexpr uint8_t kKeptFlags = kOptional | kTransitive | kPartial;

void
WriteAttribute(Writer& w, uint8_t flags, uint8_t type, const std::vector<uint8_t>& value)
{
    flags &= kKeptFlags;
    if (value.size() > 255)
    {
        w.U8(flags | kExtendedLength);
        w.U8(type);
        w.U16(static_cast<uint16_t>(value.size()));
    }
    else
    {
        w.U8(flags);
        w.U8(type);
        w.U8(static_cast<uint8_t>(value.size()));
    }
    w.Bytes(value);
}

/// An AS_PATH (or AS4_PATH) value. With 2-octet ASNs, those above 65535 become AS_TRANS.
std::vector<uint8_t>
EncodePath(const std::vector<BgpAsPathSegment>& path, bool fourOctetAs)
{
    Writer v;
    for (const auto& seg : path)
    {
        // A segment holds at most 255 ASNs; longer paths take several segments.
        for (std::size_t start = 0; start < seg.asns.size() || start == 0; start += 255)
        {
            const std::size_t n = std::min<std::size_t>(255, seg.asns.size() - start);
            v.U8(seg.type);
            v.U8(static_cast<uint8_t>(n));
            for (std::size_t i = 0; i < n; ++i)
            {
                const uint32_t asn = seg.asns[start + i];
                if (fourOctetAs)
                {
                    v.U32(asn);
                }
                else
                {
                    v.U16(asn > 0xffff ? kAsTrans : static_cast<uint16_t>(asn));
                }
            }
            if (seg.asns.empty())
            {
                break;
            }
        }
    }
    return v.Out();
}

bool
HasFourOctetAsn(const std::vector<BgpAsPathSegment>& path)
{
    return std::any_of(path.begin(), path.end(), [](const BgpAsPathSegment& s) {
        return std::any_of(s.asns.begin(), s.asns.end(), [](uint32_t a) { return a > 0xffff; });
    });
}

/// What RFC 7606 §2 makes of a malformed attribute, in rising severity.
enum class Action
{
    Discard,
    Withdraw,
    Reset,
};

/// Flags (Optional, Transitive) of the attributes the codec knows and the action when one is
/// malformed: RFC 7606 §7 (ORIGIN to COMMUNITIES, MP_REACH/MP_UNREACH, extended communities),
/// RFC 6793 §6 (AS4_PATH, AS4_AGGREGATOR), RFC 8092 §6 (large communities), RFC 9234 §5 (OTC).
std::optional<std::pair<uint8_t, Action>>
RuleOf(uint8_t type)
{
    constexpr uint8_t kOptTrans = kOptional | kTransitive;
    switch (type)
    {
    case kOriginType:
    case kAsPathType:
    case kNextHopType:
    case kLocalPrefType:
        return std::make_pair(kTransitive, Action::Withdraw);
    case kAtomicAggregateType:
        return std::make_pair(kTransitive, Action::Discard);
    case kMedType:
        return std::make_pair(kOptional, Action::Withdraw);
    case kAggregatorType:
    case kAs4PathType:
    case kAs4AggregatorType:
        return std::make_pair(kOptTrans, Action::Discard);
    case kCommunitiesType:
    case kExtendedCommunitiesType:
    case kLargeCommunitiesType:
    case kOnlyToCustomerType:
        return std::make_pair(kOptTrans, Action::Withdraw);
    case kMpReachType:
    case kMpUnreachType:
        return std::make_pair(kOptional, Action::Reset);
    default:
        return std::nullopt;
    }
}

/// Reads an AS_PATH-format value of @p len bytes; returns why it is malformed, if it is.
std::optional<std::string>
ReadPath(Reader& r, std::size_t len, std::size_t asnSize, std::vector<BgpAsPathSegment>& path)
{
    const std::size_t end = r.Pos() + len;
    while (r.Pos() < end)
    {
        if (end - r.Pos() < 2)
        {
            return "truncated segment";
        }
        BgpAsPathSegment seg;
        seg.type = r.U8();
        const uint8_t count = r.U8();
        if (seg.type != BgpAsPathSegment::kSet && seg.type != BgpAsPathSegment::kSequence)
        {
            return "segment type " + std::to_string(seg.type);
        }
        if (count == 0 || count * asnSize > end - r.Pos())
        {
            return "segment of " + std::to_string(count) + " ASNs does not fit the attribute";
        }
        for (uint8_t i = 0; i < count; ++i)
        {
            seg.asns.push_back(asnSize == 4 ? r.U32() : r.U16());
        }
        path.push_back(std::move(seg));
    }
    return std::nullopt;
}

bool
IsUnicastNextHop(uint32_t nh)
{
    return nh != 0 && nh != 0xffffffffu && (nh >> 28) < 0xe && (nh >> 24) != 127;
}

uint32_t
PathCount(const std::vector<BgpAsPathSegment>& path)
{
    uint32_t n = 0;
    for (const auto& s : path)
    {
        n += s.type == BgpAsPathSegment::kSet ? 1 : static_cast<uint32_t>(s.asns.size());
    }
    return n;
}

/// RFC 6793 §4.2.3: the leading AS_PATH numbers that AS4_PATH lacks, then AS4_PATH.
std::vector<BgpAsPathSegment>
MergeAs4Path(const std::vector<BgpAsPathSegment>& asPath, const std::vector<BgpAsPathSegment>& as4)
{
    const uint32_t n = PathCount(asPath);
    const uint32_t m = PathCount(as4);
    if (n < m)
    {
        return asPath; // AS4_PATH is ignored
    }
    std::vector<BgpAsPathSegment> out;
    uint32_t need = n - m;
    for (const auto& seg : asPath)
    {
        if (need == 0)
        {
            break;
        }
        if (seg.type == BgpAsPathSegment::kSet)
        {
            out.push_back(seg);
            --need;
            continue;
        }
        const uint32_t k = std::min<uint32_t>(need, static_cast<uint32_t>(seg.asns.size()));
        out.push_back({seg.type, {seg.asns.begin(), seg.asns.begin() + k}});
        need -= k;
    }
    for (const auto& seg : as4)
    {
        if (!out.empty() && out.back().type == BgpAsPathSegment::kSequence &&
            seg.type == BgpAsPathSegment::kSequence && &seg == &as4.front())
        {
            out.back().asns.insert(out.back().asns.end(), seg.asns.begin(), seg.asns.end());
        }
        else
        {
            out.push_back(seg);
        }
    }
    return out;
}

/// One attribute's value, decoded into @p u; returns why it is malformed, if it is.
std::optional<std::string>
DecodeValue(Reader& r,
            uint8_t flags,
            uint8_t type,
            std::size_t len,
            bool fourOctetAs,
            BgpUpdate& u,
            std::optional<std::vector<BgpAsPathSegment>>& as4Path,
            std::optional<BgpAggregator>& as4Aggregator)
{
    BgpPathAttributes& a = u.attributes;
    auto badLength = [len](const char* name) {
        return std::string(name) + " of length " + std::to_string(len);
    };
    auto passOn = [&](uint8_t f) {
        a.passOn.push_back(BgpRawAttribute{static_cast<uint8_t>(f & kKeptFlags), type,
                                           std::vector<uint8_t>(r.Here(), r.Here() + len)});
    };
    switch (type)
    {
    case kOriginType: {
        if (len != 1)
        {
            return badLength("ORIGIN");
        }
        const uint8_t v = r.U8();
        if (v > 2)
        {
            return "ORIGIN value " + std::to_string(v);
        }
        a.origin = static_cast<BgpOrigin>(v);
        return std::nullopt;
    }
    case kAsPathType:
    case kAs4PathType: {
        if (type == kAs4PathType && fourOctetAs)
        {
            return std::nullopt; // only a 2-octet speaker's AS4_PATH counts (RFC 6793 §4.2.1)
        }
        std::vector<BgpAsPathSegment> path;
        if (auto why = ReadPath(r, len, type == kAsPathType && !fourOctetAs ? 2 : 4, path))
        {
            return (type == kAsPathType ? "AS_PATH " : "AS4_PATH ") + *why;
        }
        (type == kAsPathType ? a.asPath : as4Path) = std::move(path);
        return std::nullopt;
    }
    case kNextHopType: {
        if (len != 4)
        {
            return badLength("NEXT_HOP");
        }
        const uint32_t nh = r.U32();
        if (!IsUnicastNextHop(nh))
        {
            return "NEXT_HOP " + FormatIpv4(nh) + " is not a unicast address"; // RFC 4271 §6.3
        }
        a.nextHop = nh;
        return std::nullopt;
    }
    case kMedType:
    case kLocalPrefType:
        if (len != 4)
        {
            return badLength(type == kMedType ? "MULTI_EXIT_DISC" : "LOCAL_PREF");
        }
        (type == kMedType ? a.med : a.localPref) = r.U32();
        return std::nullopt;
    case kAtomicAggregateType:
        if (len != 0)
        {
            return badLength("ATOMIC_AGGREGATE");
        }
        a.atomicAggregate = true;
        return std::nullopt;
    case kAggregatorType:
    case kAs4AggregatorType: {
        if (type == kAs4AggregatorType && fourOctetAs)
        {
            return std::nullopt;
        }
        const bool wide = type == kAs4AggregatorType || fourOctetAs;
        if (len != (wide ? 8u : 6u))
        {
            return badLength(type == kAggregatorType ? "AGGREGATOR" : "AS4_AGGREGATOR");
        }
        BgpAggregator g;
        g.asn = wide ? r.U32() : r.U16();
        g.address = r.U32();
        (type == kAggregatorType ? a.aggregator : as4Aggregator) = g;
        return std::nullopt;
    }
    case kCommunitiesType:
        if (len == 0 || len % 4 != 0)
        {
            return badLength("COMMUNITIES");
        }
        for (std::size_t i = 0; i < len / 4; ++i)
        {
            a.communities.push_back(r.U32());
        }
        return std::nullopt;
    case kExtendedCommunitiesType:
    case kLargeCommunitiesType:
    case kOnlyToCustomerType: {
        const std::size_t unit = type == kExtendedCommunitiesType ? 8
                                 : type == kLargeCommunitiesType  ? 12
                                                                  : 4;
        if (len == 0 || len % unit != 0 || (type == kOnlyToCustomerType && len != 4))
        {
            return badLength(type == kExtendedCommunitiesType ? "EXTENDED_COMMUNITIES"
                             : type == kLargeCommunitiesType  ? "LARGE_COMMUNITY"
                                                              : "OTC");
        }
        passOn(flags); // carried through unchanged, recognised: no Partial bit
        return std::nullopt;
    }
    case kMpReachType:
    case kMpUnreachType: {
        const bool reach = type == kMpReachType;
        const char* name = reach ? "MP_REACH_NLRI" : "MP_UNREACH_NLRI";
        if (len < (reach ? 5u : 3u))
        {
            return badLength(name);
        }
        const uint16_t afi = r.U16();
        const uint8_t safi = r.U8();
        if (afi != 1 || safi != 1)
        {
            return std::nullopt; // an address family not negotiated: ignored
        }
        std::size_t left = len - 3;
        std::string why;
        if (reach)
        {
            const uint8_t nhLen = r.U8();
            if (nhLen != 4 || left < 2u + nhLen)
            {
                return std::string(name) + " next hop of " + std::to_string(nhLen) +
                       " bytes for IPv4 unicast";
            }
            u.mpNextHop = r.U32();
            r.U8(); // reserved (RFC 4760 §3)
            left -= 2 + nhLen;
            if (!ReadPrefixes(r, left, u.mpNlri, why))
            {
                return std::string(name) + " NLRI: " + why;
            }
            if (!IsUnicastNextHop(*u.mpNextHop))
            {
                // Not a parse error: the routes are unusable (RFC 4271 §6.3), not the session.
                u.treatAsWithdraw = true;
                u.attributeErrors.push_back(std::string(name) + " next hop " +
                                            FormatIpv4(*u.mpNextHop) + " is not unicast");
            }
            return std::nullopt;
        }
        if (!ReadPrefixes(r, left, u.withdrawn, why))
        {
            return std::string(name) + " withdrawn routes: " + why;
        }
        return std::nullopt;
    }
    default:
        if (flags & kTransitive)
        {
            passOn(flags | kPartial); // RFC 4271 §9.1.4: unrecognised, passed on as partial
        }
        return std::nullopt; // unrecognised optional non-transitive: dropped (§5)
    }
}

} // namespace

bool
ReadPrefixes(Reader& r, std::size_t n, std::vector<Ipv4Prefix>& out, std::string& why)
{
    const std::size_t end = r.Pos() + n;
    while (r.Pos() < end)
    {
        const uint8_t len = r.U8();
        if (len > 32)
        {
            why = "prefix length " + std::to_string(len) + " is more than 32";
            return false;
        }
        const std::size_t bytes = (len + 7) / 8;
        if (r.Pos() + bytes > end)
        {
            why = "prefix of length " + std::to_string(len) + " runs past its field";
            return false;
        }
        uint32_t addr = 0;
        for (std::size_t i = 0; i < bytes; ++i)
        {
            addr |= static_cast<uint32_t>(r.U8()) << (24 - 8 * i);
        }
        // Trailing bits beyond the length are ignored (RFC 4271 §4.3).
        out.push_back(Ipv4Prefix{addr & Ipv4Prefix::MaskOf(len), len});
    }
    return true;
}

std::vector<uint8_t>
EncodeAttributes(const BgpUpdate& u, bool fourOctetAs)
{
    const BgpPathAttributes& a = u.attributes;
    Writer w;
    if (a.origin)
    {
        WriteAttribute(w, kTransitive, kOriginType, {static_cast<uint8_t>(*a.origin)});
    }
    if (a.asPath)
    {
        WriteAttribute(w, kTransitive, kAsPathType, EncodePath(*a.asPath, fourOctetAs));
    }
    if (a.nextHop)
    {
        Writer v;
        v.U32(*a.nextHop);
        WriteAttribute(w, kTransitive, kNextHopType, v.Out());
    }
    if (a.med)
    {
        Writer v;
        v.U32(*a.med);
        WriteAttribute(w, kOptional, kMedType, v.Out());
    }
    if (a.localPref)
    {
        Writer v;
        v.U32(*a.localPref);
        WriteAttribute(w, kTransitive, kLocalPrefType, v.Out());
    }
    if (a.atomicAggregate)
    {
        WriteAttribute(w, kTransitive, kAtomicAggregateType, {});
    }
    const bool wideAggregator = a.aggregator && a.aggregator->asn > 0xffff;
    if (a.aggregator)
    {
        Writer v;
        if (fourOctetAs)
        {
            v.U32(a.aggregator->asn);
        }
        else
        {
            v.U16(wideAggregator ? kAsTrans : static_cast<uint16_t>(a.aggregator->asn));
        }
        v.U32(a.aggregator->address);
        WriteAttribute(w, kOptional | kTransitive, kAggregatorType, v.Out());
    }
    if (!a.communities.empty())
    {
        Writer v;
        for (uint32_t c : a.communities)
        {
            v.U32(c);
        }
        WriteAttribute(w, kOptional | kTransitive, kCommunitiesType, v.Out());
    }
    // The rest in ascending type order (RFC 4271 §5 SHOULD): MP_REACH_NLRI, AS4_PATH and
    // AS4_AGGREGATOR (towards a 2-octet peer, RFC 6793 §4.2.2), and the carried-through ones.
    std::vector<BgpRawAttribute> rest = a.passOn;
    if (!u.mpNlri.empty())
    {
        Writer v;
        v.U16(1); // AFI IPv4
        v.U8(1);  // SAFI unicast
        v.U8(4);
        v.U32(u.mpNextHop.value_or(a.nextHop.value_or(0)));
        v.U8(0);
        for (const auto& p : u.mpNlri)
        {
            v.Prefix(p);
        }
        rest.push_back({kOptional, kMpReachType, v.Out()});
    }
    if (!fourOctetAs && a.asPath && HasFourOctetAsn(*a.asPath))
    {
        rest.push_back({kOptional | kTransitive, kAs4PathType, EncodePath(*a.asPath, true)});
    }
    if (!fourOctetAs && wideAggregator)
    {
        Writer v;
        v.U32(a.aggregator->asn);
        v.U32(a.aggregator->address);
        rest.push_back({kOptional | kTransitive, kAs4AggregatorType, v.Out()});
    }
    std::stable_sort(rest.begin(), rest.end(),
                     [](const BgpRawAttribute& x, const BgpRawAttribute& y) { return x.type < y.type; });
    for (const auto& raw : rest)
    {
        WriteAttribute(w, raw.flags, raw.type, raw.value);
    }
    return w.Out();
}

std::optional<BgpDecodeError>
DecodeAttributes(Reader& r, std::size_t total, bool fourOctetAs, BgpUpdate& u)
{
    const std::size_t end = r.Pos() + total;
    const bool nlriField = r.Left() > total; // routes in the NLRI field, not only MP_REACH_NLRI
    std::bitset<256> seen;
    std::optional<std::vector<BgpAsPathSegment>> as4Path;
    std::optional<BgpAggregator> as4Aggregator;
    auto withdraw = [&u](std::string why) {
        u.treatAsWithdraw = true;
        u.attributeErrors.push_back(std::move(why));
    };
    while (r.Pos() < end)
    {
        const uint8_t* start = r.Here();
        const uint8_t flags = r.U8();
        const std::size_t header = (flags & kExtendedLength) ? 4 : 3;
        if (end - (r.Pos() - 1) < header)
        {
            // RFC 7606 §4: the attribute list is inconsistent with its total length; the NLRI
            // are still found from the total length.
            withdraw("truncated attribute header");
            break;
        }
        const uint8_t type = r.U8();
        const std::size_t len = (flags & kExtendedLength) ? r.U16() : r.U8();
        if (len > end - r.Pos())
        {
            withdraw("attribute " + std::to_string(type) + " of length " + std::to_string(len) +
                     " runs past the path attributes");
            break;
        }
        const std::size_t next = r.Pos() + len;
        const std::vector<uint8_t> whole(start, r.Here() + len);
        if (seen[type])
        {
            if (type == kMpReachType || type == kMpUnreachType)
            {
                return BgpDecodeError{bgperr::kUpdate, bgperr::kMalformedAttributeList, {},
                                      "attribute " + std::to_string(type) + " appears twice"};
            }
            u.attributeErrors.push_back("duplicate attribute " + std::to_string(type) +
                                        " discarded"); // RFC 7606 §3 g
            r.Seek(next);
            continue;
        }
        seen[type] = true;
        if (type == kNextHopType && !nlriField)
        {
            // No NLRI field: NEXT_HOP is ignored, even a malformed one (RFC 4760 §3).
            r.Seek(next);
            continue;
        }
        const auto rule = RuleOf(type);
        if (!rule && !(flags & kOptional))
        {
            return BgpDecodeError{bgperr::kUpdate, bgperr::kUnrecognizedWellKnownAttribute, whole,
                                  "unrecognised well-known attribute " + std::to_string(type)};
        }
        std::optional<std::string> why;
        uint8_t subcode = bgperr::kOptionalAttributeError;
        if (rule)
        {
            // RFC 7606 §3 c: the Optional and Transitive bits decide; Partial is not checked.
            if ((flags & (kOptional | kTransitive)) != rule->first)
            {
                why = "attribute " + std::to_string(type) + " has flags " + std::to_string(flags);
                subcode = bgperr::kAttributeFlagsError;
            }
        }
        if (!why)
        {
            why = DecodeValue(r, flags, type, len, fourOctetAs, u, as4Path, as4Aggregator);
        }
        r.Seek(next);
        if (!why)
        {
            continue;
        }
        switch (rule ? rule->second : Action::Discard)
        {
        case Action::Reset:
            return BgpDecodeError{bgperr::kUpdate, subcode, whole, *why};
        case Action::Withdraw:
            withdraw(*why);
            break;
        case Action::Discard:
            u.attributeErrors.push_back(*why + ": attribute discarded");
            break;
        }
    }
    r.Seek(end);
    BgpPathAttributes& a = u.attributes;
    // RFC 6793 §4.2.3: an AGGREGATOR from a 4-octet AS other than AS_TRANS means the AS4_*
    // attributes are stale (a 2-octet speaker aggregated after them): both are ignored.
    if (!fourOctetAs && !(a.aggregator && a.aggregator->asn != kAsTrans))
    {
        if (as4Aggregator && a.aggregator)
        {
            a.aggregator = as4Aggregator;
        }
        if (as4Path && a.asPath)
        {
            a.asPath = MergeAs4Path(*a.asPath, *as4Path);
        }
    }
    return std::nullopt;
}

} // namespace bgpwire
} // namespace expressroute
} // namespace ns3
