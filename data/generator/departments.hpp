// French departments for the national generator: code, name, approximate
// population (thousands) and an approximate centre (prefecture area; exact for the cities
// that the load benchmark's scenarios look at: Paris, Lyon, Marseille, Toulouse, Nantes).
#pragma once

#include <span>
#include <string_view>

namespace gen {

struct Department {
    std::string_view code, name;
    int population_k;
    double lat, lon;
    double radius_km;  // how far from the centre synthetic communes are spread
};

std::span<const Department> departments();

}  // namespace gen
