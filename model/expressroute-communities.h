// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_COMMUNITIES_H
#define EXPRESSROUTE_COMMUNITIES_H

// BGP communities (RFC 1997) that Microsoft sets on the routes it advertises on Microsoft
// peering (references.md §4, RT): a regional community per Azure region (12076:51xxx) and a
// service community per service (12076:5xxx). A route filter selects routes by them; without
// one, a circuit receives nothing on Microsoft peering (references.md §5, FAQ).
//
// Microsoft's real service prefixes are thousands of changing public blocks; the model stands
// in one /24 per community, in Microsoft's address space but not a prefix Microsoft announces:
// 20.192.N.0/24 for the regional community 12076:(51000 + N), e.g. 20.192.2.0/24 for West
// Europe, and 20.193.N.0/24 for the service community 12076:(5000 + 10 N), e.g. 20.193.5.0/24
// for Azure Global Services.

#include "expressroute-ipv4-prefix.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// "12076:51002" for 12076 << 16 | 51002.
std::string FormatCommunity(uint32_t community);
/// Parses "ASN:VALUE" with both parts in 0-65535; nullopt otherwise.
std::optional<uint32_t> ParseCommunity(const std::string& text);

/// The regional community of an Azure region ("West Europe" -> 12076:51002); nullopt for a
/// region the Microsoft documentation (doc/references.md) does not list (regions newer than its 2018 table).
std::optional<uint32_t> RegionalCommunity(const std::string& region);
/// Regions with a regional community, in Microsoft's order.
std::vector<std::string> RegionsWithCommunity();

/// A Microsoft service reachable over Microsoft peering, with its service community.
struct MicrosoftService
{
    std::string name;   ///< e.g. "AzureGlobalServices"
    uint32_t community; ///< e.g. 12076:5050
};
/// Exchange, SharePoint, SkypeForBusiness, Dynamics365, AzureGlobalServices, OtherOffice365.
const std::vector<MicrosoftService>& MicrosoftServices();
std::optional<uint32_t> ServiceCommunity(const std::string& service);

/// The stand-in prefix Microsoft announces with @p community (see the file comment); nullopt
/// for a community that is neither regional nor a service community.
std::optional<Ipv4Prefix> StandInPrefix(uint32_t community);

/// A route-filter rule as the scenario writes it: a region with a regional community
/// ("West Europe"), a service name ("Exchange"), or a community ("12076:51002"). nullopt when
/// it is none of these.
std::optional<uint32_t> ParseRouteFilterRule(const std::string& rule);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_COMMUNITIES_H
