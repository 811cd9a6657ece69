#!/usr/bin/env python3
"""Writes made-up national CBS Kerncijfers tables in CBS's OData shape, for
scripts/bench: 355 gemeenten, about 3,300 wijken and 14,500 buurten, 110
columns, one folder per year (TypedDataSet.json, DataProperties.json,
TableInfos.json). Column suffixes shift from year to year as CBS's do, and
small buurten have secret (null) values.

    cbs_national.py OUT_DIR [--years 7]
"""

import argparse
import json
import os
import random

TABLES = ["84583NED", "84799NED", "85039NED", "85318NED", "85618NED", "85984NED", "86165NED"]
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
# (key base, title, datatype): the catalogue's columns among others.
NAMED = [
    ("AantalInwoners", "Aantal inwoners", "Long"),
    ("k_65JaarOfOuder", "65 jaar of ouder", "Long"),
    ("GemiddeldeWOZWaardeVanWoningen", "Gemiddelde WOZ-waarde van woningen", "Long"),
    ("InBezitWoningcorporatie", "In bezit woningcorporatie", "Long"),
    ("GemiddeldInkomenPerInwoner", "Gemiddeld inkomen per inwoner", "Double"),
    ("HuishoudensMetEenLaagInkomen", "Huishoudens met een laag inkomen", "Double"),
    ("HuishOnderOfRondSociaalMinimum", "Huishoudens onder of rond sociaal minimum", "Double"),
    ("PersonenPerSoortUitkeringBijstand", "Personen per soort uitkering; Bijstand", "Long"),
    ("Nettoarbeidsparticipatie", "Nettoarbeidsparticipatie", "Double"),
    ("PercentageJongerenMetJeugdzorg", "Percentage jongeren met jeugdzorg", "Double"),
    ("WmoClientenRelatief", "Wmo-cliënten relatief", "Long"),
    ("TotaalDiefstalUitWoningSchuurED", "Totaal diefstal uit woning, schuur ed.", "Double"),
    ("VernielingMisdrijfTegenOpenbareOrde", "Vernieling,misdrijf tegen openbare orde", "Double"),
    ("GeweldsEnSeksueleMisdrijven", "Gewelds- en seksuele misdrijven", "Double"),
    ("AfstandTotHuisartsenpraktijk", "Afstand tot huisartsenpraktijk", "Double"),
]


def regions(rng):
    out = [("NL00", "Land", "Nederland", 17_900_000)]
    for g in range(1, 356):
        gm = f"{g:04d}"
        wijken = []
        for w in range(rng.randint(6, 13) if g % 7 else 9):
            buurten = [(f"BU{gm}{w:02d}{b:02d}", rng.randint(20, 3500)) for b in range(rng.randint(3, 6))]
            wijken.append((f"WK{gm}{w:02d}", buurten))
        total = sum(n for _, bs in wijken for _, n in bs)
        out.append((f"GM{gm}", "Gemeente", f"Gemeente {gm}", total))
        for wk, buurten in wijken:
            out.append((wk, "Wijk", f"Wijk {wk[2:]}", sum(n for _, n in buurten)))
            out.extend((bu, "Buurt", f"Buurt {bu[2:]}", n) for bu, n in buurten)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--years", type=int, default=7)
    a = p.parse_args()
    rng = random.Random(355)
    regs = regions(rng)
    for i in range(a.years):
        table, year = TABLES[i], YEARS[i]
        d = os.path.join(a.out, table)
        os.makedirs(d, exist_ok=True)
        keys = [("Gemeentenaam", "Gemeentenaam", "String"), ("SoortRegio", "Soort regio", "String"),
                ("Codering", "Codering", "String"),
                ("IndelingswijzigingWijkenEnBuurten", "Indelingswijziging wijken en buurten", "String")]
        filler = [(f"Onderwerp{k}", f"Onderwerp {k}", "Double") for k in range(110 - len(NAMED) - len(keys))]
        cols = keys + NAMED[:1] + filler[:i] + NAMED[1:] + filler[i:]
        keyed = [(f"{base}_{n + 1}", base, title, dtype) for n, (base, title, dtype) in enumerate(cols)]
        props = [{"odata.type": "Cbs.OData.WebAPI.GeoDimension", "ID": 0, "Position": 0, "ParentID": None,
                  "Type": "GeoDimension", "Key": "WijkenEnBuurten", "Title": "Wijken en buurten"}]
        props += [{"odata.type": "Cbs.OData.WebAPI.Topic", "ID": n + 1, "Position": n + 1, "ParentID": None,
                   "Type": "Topic", "Key": key, "Title": title, "Datatype": dtype, "Unit": "", "Decimals": 1}
                  for n, (key, _, title, dtype) in enumerate(keyed)]
        meta = f"https://opendata.cbs.nl/ODataApi/OData/{table}/$metadata#Cbs.OData.WebAPI."
        json.dump({"odata.metadata": meta + "DataProperties", "value": props}, open(os.path.join(d, "DataProperties.json"), "w"))
        json.dump({"odata.metadata": meta + "TableInfos", "value": [{"Identifier": table, "Period": year,
                   "Title": f"Kerncijfers wijken en buurten {year}"}]}, open(os.path.join(d, "TableInfos.json"), "w"))
        with open(os.path.join(d, "TypedDataSet.json"), "w") as f:
            f.write('{"odata.metadata":"' + meta + 'TypedDataSet","value":[')
            for r, (code, kind, name, people) in enumerate(regs):
                small = people < 50
                row = {"ID": r, "WijkenEnBuurten": code.ljust(10)}
                for key, base, _, dtype in keyed:
                    if base == "Gemeentenaam":
                        v = name.ljust(40)
                    elif base == "SoortRegio":
                        v = kind.ljust(10)
                    elif base == "Codering":
                        v = code.ljust(10)
                    elif base == "IndelingswijzigingWijkenEnBuurten":
                        v = None if kind in ("Land", "Gemeente") else ("2" if (r + i) % 97 == 0 else "1").ljust(10)
                    elif base == "AantalInwoners":
                        v = people + i * 3
                    elif small:
                        v = None
                    elif dtype == "Long":
                        v = rng.randint(1, 400)
                    else:
                        v = round(rng.uniform(1, 80), 1)
                    row[key] = v
                f.write(("," if r else "") + json.dumps(row, ensure_ascii=False))
            f.write("]}")
    print(f"{len(regs)} regions × {a.years} years in {a.out}")


if __name__ == "__main__":
    main()
