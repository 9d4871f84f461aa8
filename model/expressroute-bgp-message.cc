// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bgp-message.h"

#include "expressroute-bgp-wire.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

namespace
{

using namespace bgpwire;

constexpr uint8_t kCapabilitiesParameter = 2; // RFC 5492
constexpr uint8_t kCapMultiprotocol = 1;      // RFC 4760
constexpr uint8_t kCapFourOctetAs = 65;       // RFC 6793

BgpDecodeError
Error(uint8_t code, uint8_t subcode, std::string reason, std::vector<uint8_t> data = {})
{
    return BgpDecodeError{code, subcode, std::move(data), std::move(reason)};
}

std::vector<uint8_t>
U16Data(uint16_t v)
{
    return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

void
WriteHeader(Writer& w, BgpMessageType type)
{
    for (int i = 0; i < 16; ++i)
    {
        w.U8(0xff);
    }
    w.U16(0); // length, patched at the end
    w.U8(static_cast<uint8_t>(type));
}

std::variant<BgpMessage, BgpDecodeError>
DecodeOpen(Reader& r, std::size_t length)
{
    if (length < 29)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "OPEN shorter than 29 bytes",
                     U16Data(static_cast<uint16_t>(length)));
    }
    BgpOpen o;
    o.version = r.U8();
    if (o.version != 4)
    {
        return Error(bgperr::kOpen, bgperr::kUnsupportedVersion,
                     "BGP version " + std::to_string(o.version) + " (only 4)", U16Data(4));
    }
    const uint16_t myAs = r.U16();
    o.holdTime = r.U16();
    o.bgpId = r.U32();
    const uint8_t optLen = r.U8();
    if (optLen != r.Left())
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                     "OPEN optional parameters length disagrees with the message length",
                     U16Data(static_cast<uint16_t>(length)));
    }
    if (o.holdTime == 1 || o.holdTime == 2)
    {
        return Error(bgperr::kOpen, bgperr::kUnacceptableHoldTime,
                     "hold time " + std::to_string(o.holdTime) + " s (must be 0 or at least 3)");
    }
    if (o.bgpId == 0)
    {
        // RFC 6286 §2.1: any non-zero 4-octet value (equality with ours: the session checks).
        return Error(bgperr::kOpen, bgperr::kBadBgpIdentifier, "BGP identifier is zero");
    }
    o.fourOctetAs = false;
    o.ipv4Unicast = false;
    uint32_t fourOctetAsn = 0;
    while (r.Left() > 0)
    {
        if (r.Left() < 2)
        {
            return Error(bgperr::kOpen, 0, "truncated optional parameter");
        }
        const uint8_t type = r.U8();
        const uint8_t len = r.U8();
        if (len > r.Left())
        {
            return Error(bgperr::kOpen, 0, "optional parameter runs past the message");
        }
        if (type != kCapabilitiesParameter)
        {
            return Error(bgperr::kOpen, bgperr::kUnsupportedOptionalParameter,
                         "optional parameter type " + std::to_string(type));
        }
        const std::size_t end = r.Pos() + len;
        while (r.Pos() < end)
        {
            if (end - r.Pos() < 2)
            {
                return Error(bgperr::kOpen, 0, "truncated capability");
            }
            const uint8_t code = r.U8();
            const uint8_t clen = r.U8();
            if (clen > end - r.Pos())
            {
                return Error(bgperr::kOpen, 0, "capability runs past its parameter");
            }
            if (code == kCapFourOctetAs && clen == 4)
            {
                o.fourOctetAs = true;
                fourOctetAsn = r.U32();
            }
            else if (code == kCapMultiprotocol && clen == 4)
            {
                const uint16_t afi = r.U16();
                r.U8();
                const uint8_t safi = r.U8();
                o.ipv4Unicast = o.ipv4Unicast || (afi == 1 && safi == 1);
            }
            else
            {
                r.Skip(clen); // capabilities we do not use are ignored (RFC 5492 §3)
            }
        }
    }
    o.asn = o.fourOctetAs ? fourOctetAsn : myAs;
    if (o.asn == 0 || (o.fourOctetAs && o.asn <= 0xffff && myAs != o.asn) ||
        (o.fourOctetAs && o.asn > 0xffff && myAs != kAsTrans))
    {
        return Error(bgperr::kOpen, bgperr::kBadPeerAs,
                     "My AS " + std::to_string(myAs) + " disagrees with the 4-octet AS capability " +
                         std::to_string(o.asn));
    }
    return BgpMessage{o};
}

std::variant<BgpMessage, BgpDecodeError>
DecodeUpdate(Reader& r, std::size_t length, bool fourOctetAs)
{
    if (length < 23)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "UPDATE shorter than 23 bytes",
                     U16Data(static_cast<uint16_t>(length)));
    }
    BgpUpdate u;
    const uint16_t withdrawnLen = r.U16();
    if (withdrawnLen + 4u > r.Left() + 2u)
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList,
                     "withdrawn routes length " + std::to_string(withdrawnLen) + " too large");
    }
    std::string why;
    if (!ReadPrefixes(r, withdrawnLen, u.withdrawn, why))
    {
        return Error(bgperr::kUpdate, bgperr::kInvalidNetworkField, "withdrawn routes: " + why);
    }
    if (r.Left() < 2)
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList, "no path attribute length");
    }
    const uint16_t attrLen = r.U16();
    if (attrLen > r.Left())
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList,
                     "total path attribute length " + std::to_string(attrLen) + " too large");
    }
    if (auto e = DecodeAttributes(r, attrLen, fourOctetAs, u))
    {
        return *e;
    }
    if (!ReadPrefixes(r, r.Left(), u.nlri, why))
    {
        return Error(bgperr::kUpdate, bgperr::kInvalidNetworkField, "NLRI: " + why);
    }
    const BgpPathAttributes& a = u.attributes;
    if (!u.treatAsWithdraw && (!u.nlri.empty() || !u.mpNlri.empty()))
    {
        // Mandatory well-known attributes when routes are announced (RFC 4271 §5; NEXT_HOP only
        // for the NLRI field, RFC 4760 §3); missing ones are treat-as-withdraw (RFC 7606 §3 d).
        for (auto [missing, name] :
             {std::make_pair(!a.origin, "ORIGIN"), std::make_pair(!a.asPath, "AS_PATH"),
              std::make_pair(!u.nlri.empty() && !a.nextHop, "NEXT_HOP")})
        {
            if (missing)
            {
                u.treatAsWithdraw = true;
                u.attributeErrors.push_back(std::string("mandatory attribute ") + name + " missing");
            }
        }
    }
    if (u.treatAsWithdraw)
    {
        u.withdrawn.insert(u.withdrawn.end(), u.nlri.begin(), u.nlri.end());
        u.withdrawn.insert(u.withdrawn.end(), u.mpNlri.begin(), u.mpNlri.end());
        u.nlri.clear();
        u.mpNlri.clear();
        u.mpNextHop.reset();
        u.attributes = BgpPathAttributes{};
    }
    return BgpMessage{std::move(u)};
}

} // namespace

uint32_t
BgpPathAttributes::AsPathLength() const
{
    uint32_t n = 0;
    if (asPath)
    {
        for (const auto& seg : *asPath)
        {
            n += seg.type == BgpAsPathSegment::kSet ? 1 : static_cast<uint32_t>(seg.asns.size());
        }
    }
    return n;
}

uint32_t
BgpPathAttributes::FirstAsn() const
{
    if (asPath && !asPath->empty() && !asPath->front().asns.empty())
    {
        return asPath->front().asns.front();
    }
    return 0;
}

bool
BgpPathAttributes::AsPathContains(uint32_t asn) const
{
    if (asPath)
    {
        for (const auto& seg : *asPath)
        {
            if (std::find(seg.asns.begin(), seg.asns.end(), asn) != seg.asns.end())
            {
                return true;
            }
        }
    }
    return false;
}

std::vector<uint8_t>
EncodeBgpMessage(const BgpMessage& message, bool fourOctetAs)
{
    Writer w;
    if (const auto* o = std::get_if<BgpOpen>(&message))
    {
        WriteHeader(w, BgpMessageType::Open);
        w.U8(o->version);
        w.U16(o->asn > 0xffff ? kAsTrans : static_cast<uint16_t>(o->asn));
        w.U16(o->holdTime);
        w.U32(o->bgpId);
        Writer caps;
        if (o->ipv4Unicast)
        {
            caps.U8(kCapMultiprotocol);
            caps.U8(4);
            caps.U16(1); // AFI IPv4
            caps.U8(0);
            caps.U8(1); // SAFI unicast
        }
        if (o->fourOctetAs)
        {
            caps.U8(kCapFourOctetAs);
            caps.U8(4);
            caps.U32(o->asn);
        }
        if (caps.Size() > 0)
        {
            w.U8(static_cast<uint8_t>(caps.Size() + 2));
            w.U8(kCapabilitiesParameter);
            w.U8(static_cast<uint8_t>(caps.Size()));
            w.Bytes(caps.Out());
        }
        else
        {
            w.U8(0);
        }
    }
    else if (const auto* u = std::get_if<BgpUpdate>(&message))
    {
        WriteHeader(w, BgpMessageType::Update);
        Writer withdrawn;
        for (const auto& p : u->withdrawn)
        {
            withdrawn.Prefix(p);
        }
        w.U16(static_cast<uint16_t>(withdrawn.Size()));
        w.Bytes(withdrawn.Out());
        const auto attrs = EncodeAttributes(*u, fourOctetAs);
        w.U16(static_cast<uint16_t>(attrs.size()));
        w.Bytes(attrs);
        for (const auto& p : u->nlri)
        {
            w.Prefix(p);
        }
    }
    else if (const auto* n = std::get_if<BgpNotification>(&message))
    {
        WriteHeader(w, BgpMessageType::Notification);
        w.U8(n->code);
        w.U8(n->subcode);
        w.Bytes(n->data);
    }
    else
    {
        WriteHeader(w, BgpMessageType::Keepalive);
    }
    w.PatchU16(16, static_cast<uint16_t>(w.Size()));
    return w.Out();
}

std::variant<BgpMessage, BgpDecodeError>
DecodeBgpMessage(const uint8_t* bytes, std::size_t size, bool fourOctetAs)
{
    if (size < kBgpHeaderSize)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "shorter than a BGP header",
                     U16Data(static_cast<uint16_t>(size)));
    }
    Reader r(bytes, size);
    for (int i = 0; i < 16; ++i)
    {
        if (r.U8() != 0xff)
        {
            return Error(bgperr::kHeader, bgperr::kConnectionNotSynchronized, "marker is not all ones");
        }
    }
    const uint16_t length = r.U16();
    const uint8_t type = r.U8();
    if (length < kBgpHeaderSize || length > kBgpMaxMessageSize || length != size)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                     "length field " + std::to_string(length), U16Data(length));
    }
    switch (type)
    {
    case static_cast<uint8_t>(BgpMessageType::Open):
        return DecodeOpen(r, length);
    case static_cast<uint8_t>(BgpMessageType::Update):
        return DecodeUpdate(r, length, fourOctetAs);
    case static_cast<uint8_t>(BgpMessageType::Notification): {
        if (length < 21)
        {
            return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                         "NOTIFICATION shorter than 21 bytes", U16Data(length));
        }
        BgpNotification n;
        n.code = r.U8();
        n.subcode = r.U8();
        n.data.assign(r.Here(), r.Here() + r.Left());
        return BgpMessage{std::move(n)};
    }
    case static_cast<uint8_t>(BgpMessageType::Keepalive):
        if (length != kBgpHeaderSize)
        {
            return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                         "KEEPALIVE of " + std::to_string(length) + " bytes", U16Data(length));
        }
        return BgpMessage{BgpKeepalive{}};
    default:
        return Error(bgperr::kHeader, bgperr::kBadMessageType,
                     "message type " + std::to_string(type), {type});
    }
}

std::size_t
UpdateSizeWithoutPrefixes(const BgpPathAttributes& attributes)
{
    BgpUpdate u;
    u.attributes = attributes;
    return kBgpHeaderSize + 4 +
           std::max(EncodeAttributes(u, true).size(), EncodeAttributes(u, false).size());
}

std::size_t
MaxPrefixesPerUpdate(const BgpPathAttributes& attributes, uint8_t length)
{
    const std::size_t fixed = UpdateSizeWithoutPrefixes(attributes);
    const std::size_t each = 1 + (length + 7) / 8;
    return fixed + each > kBgpMaxMessageSize ? 0 : (kBgpMaxMessageSize - fixed) / each;
}

} // namespace expressroute
} // namespace ns3
