// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_GEOGRAPHY_READER_H
#define EXPRESSROUTE_GEOGRAPHY_READER_H

#include "ns3/ptr.h"

#include <string>

namespace ns3
{
namespace expressroute
{

class Geography;
class Region;

/// The data directory: $EXPRESSROUTE_DATA_DIR if set, otherwise the source tree's data/.
std::string DefaultDataDir();

/**
 * Reads data/regions.csv and data/peering_locations.csv into a Geography. Throws
 * DataFileError naming the file and line on a bad file.
 */
Ptr<Geography> ReadGeography(const std::string& dataDir = DefaultDataDir());

/**
 * The region @p name names: its display name ("East US 2") or Azure's location name as resources
 * and the CLI write it ("eastus2"), in any case. Null when it names none.
 */
Ptr<Region> LookupRegion(const Geography& geo, const std::string& name);

/**
 * "; did you mean 'X'?" for @p name, which names no region, or "". A name equal to a region's
 * display or location name up to spaces and case wins ("East US2" -> 'East US 2', not 'East US'),
 * then the nearest display name.
 */
std::string SuggestRegion(const Geography& geo, const std::string& name);

/**
 * The same for a peering location: a state, country or qualifier after a comma is dropped
 * ("Dallas, TX" -> 'Dallas'), a name equal up to spaces and case wins, then the nearest name.
 */
std::string SuggestPeeringLocation(const Geography& geo, const std::string& name);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_GEOGRAPHY_READER_H
