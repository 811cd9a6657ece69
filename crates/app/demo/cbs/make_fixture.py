# Makes the demo's CBS fixture for Lindenhoven (GM9601), a made-up gemeente, in the shapes CBS
# publishes: OData TypedDataSet JSON with DataProperties, WijkenEnBuurten and TableInfos, and the CSV download.
# Run from anywhere: python3 make_fixture.py (writes beside itself).
import json, random, os
random.seed(9601)
OUT = os.path.dirname(os.path.abspath(__file__))
WIJKEN = [
 ("WK960101","Centrum",[("BU96010101","Binnenstad",2150),("BU96010102","Stationsbuurt",1480),("BU96010103","Havenkade",760)]),
 ("WK960102","Oosterpark",[("BU96010201","Oosterpark-Noord",3320),("BU96010202","Oosterpark-Zuid",2710),("BU96010203","Bloemenbuurt",1290),("BU96010204","Het Veld",45)]),
 ("WK960103","Molenwijk",[("BU96010301","Molenhoek",1960),("BU96010302","De Wieken",1720),("BU96010303","Sluiskwartier",640)]),
 ("WK960104","De Beemden",[("BU96010401","Beemden-West",2080),("BU96010402","Beemden-Oost",1850),("BU96010403","Kreekrug",430)]),
 ("WK960105","Eikendonk",[("BU96010501","Eikendonk-Dorp",980),("BU96010502","Buitengebied Eikendonk",35),("BU96010503","Eikenhof",310)]),
]
# Per wijk: base level and yearly change per indicator (2022, 2023, 2024). Oosterpark is the wijk with the wijkaanpak.
PROFILE = {
 "WK960101": dict(laag=9.8, dlaag=-0.1, mini=9.5, dmini=-0.1, part=66.0, dpart=0.3, inkomen=31.0, dink=0.9, bijst=38, dbijst=-0.5, woz=298, dwoz=21, corp=34, dcorp=-0.4, jz=10.8, djz=0.0, wmo=71, dwmo=1.5, dief=3.1, ddief=-0.1, vern=7.8, dvern=-0.2, gew=6.1, dgew=0.0, hart=0.6, old=0.16),
 "WK960102": dict(laag=14.8, dlaag=-1.1, mini=15.2, dmini=-1.0, part=58.2, dpart=2.1, inkomen=23.1, dink=1.4, bijst=71, dbijst=-5.0, woz=212, dwoz=15, corp=58, dcorp=-1.0, jz=14.9, djz=-0.6, wmo=96, dwmo=-2.0, dief=4.0, ddief=-0.5, vern=9.4, dvern=-1.0, gew=8.2, dgew=-0.6, hart=0.8, old=0.14),
 "WK960103": dict(laag=8.6, dlaag=0.0, mini=8.1, dmini=0.1, part=68.5, dpart=0.2, inkomen=30.2, dink=0.8, bijst=29, dbijst=0.0, woz=276, dwoz=19, corp=31, dcorp=0.0, jz=9.9, djz=0.1, wmo=64, dwmo=1.0, dief=2.2, ddief=0.0, vern=5.1, dvern=0.1, gew=4.0, dgew=0.0, hart=0.9, old=0.21),
 "WK960104": dict(laag=7.4, dlaag=0.1, mini=7.0, dmini=0.0, part=70.1, dpart=0.1, inkomen=32.5, dink=0.7, bijst=22, dbijst=0.5, woz=318, dwoz=22, corp=22, dcorp=0.0, jz=8.7, djz=0.0, wmo=58, dwmo=1.2, dief=2.6, ddief=0.1, vern=4.3, dvern=0.0, gew=3.3, dgew=0.1, hart=1.2, old=0.19),
 "WK960105": dict(laag=5.9, dlaag=0.0, mini=5.2, dmini=0.0, part=71.3, dpart=0.2, inkomen=34.8, dink=0.9, bijst=14, dbijst=0.0, woz=356, dwoz=25, corp=12, dcorp=0.0, jz=7.5, djz=0.0, wmo=62, dwmo=1.8, dief=1.9, ddief=0.0, vern=2.8, dvern=0.0, gew=2.1, dgew=0.0, hart=2.7, old=0.27),
}
YEARS = [("85318NED","2022",0),("85618NED","2023",1),("85984NED","2024",2)]
BASE_COLS = [
 # (key base, title, unit, datatype, decimals, group)
 ("Gemeentenaam","Gemeentenaam","","String",0,None),
 ("SoortRegio","Soort regio","","String",0,None),
 ("Codering","Codering","","String",0,None),
 ("IndelingswijzigingWijkenEnBuurten","Indelingswijziging wijken en buurten","","String",0,None),
 ("AantalInwoners","Aantal inwoners","aantal","Long",0,"Bevolking"),
 ("Mannen","Mannen","aantal","Long",0,"Bevolking"),
 ("Vrouwen","Vrouwen","aantal","Long",0,"Bevolking"),
 ("k_0Tot15Jaar","0 tot 15 jaar","aantal","Long",0,"Bevolking"),
 ("k_65JaarOfOuder","65 jaar of ouder","aantal","Long",0,"Bevolking"),
 ("HuishoudensTotaal","Huishoudens totaal","aantal","Long",0,"Bevolking"),
 ("Bevolkingsdichtheid","Bevolkingsdichtheid","aantal inwoners per km²","Long",0,"Bevolking"),
 ("Woningvoorraad","Woningvoorraad","aantal","Long",0,"Wonen"),
 ("GemiddeldeWOZWaardeVanWoningen","Gemiddelde WOZ-waarde van woningen","x 1 000 euro","Long",0,"Wonen"),
 ("Koopwoningen","Koopwoningen","%","Long",0,"Wonen"),
 ("InBezitWoningcorporatie","In bezit woningcorporatie","%","Long",0,"Wonen"),
 ("GemiddeldInkomenPerInwoner","Gemiddeld inkomen per inwoner","x 1 000 euro","Double",1,"Inkomen"),
 ("HuishoudensMetEenLaagInkomen","Huishoudens met een laag inkomen","%","Double",1,"Inkomen"),
 ("HuishOnderOfRondSociaalMinimum","Huishoudens onder of rond sociaal minimum","%","Double",1,"Inkomen"),
 ("Nettoarbeidsparticipatie","Nettoarbeidsparticipatie","%","Double",1,"Arbeid"),
 ("PersonenPerSoortUitkeringBijstand","Personen per soort uitkering; Bijstand","aantal","Long",0,"Sociale zekerheid"),
 ("PercentageJongerenMetJeugdzorg","Percentage jongeren met jeugdzorg","%","Double",1,"Zorg"),
 ("WmoClientenRelatief","Wmo-cliënten relatief","per 1 000 inwoners","Long",0,"Zorg"),
 ("TotaalDiefstalUitWoningSchuurED","Totaal diefstal uit woning, schuur ed.","per 1 000 inwoners","Double",1,"Misdrijven"),
 ("VernielingMisdrijfTegenOpenbareOrde","Vernieling,misdrijf tegen openbare orde","per 1 000 inwoners","Double",1,"Misdrijven"),
 ("GeweldsEnSeksueleMisdrijven","Gewelds- en seksuele misdrijven","per 1 000 inwoners","Double",1,"Misdrijven"),
 ("AfstandTotHuisartsenpraktijk","Afstand tot huisartsenpraktijk","km","Double",1,"Nabijheid"),
 ("MeestVoorkomendePostcode","Meest voorkomende postcode","","String",0,"Postcode"),
 ("Dekkingspercentage","Dekkingspercentage","","String",0,"Postcode"),
]
# 2024 adds four columns after Vrouwen (as CBS does when it adds age bands), so every later suffix moves.
EXTRA_2024 = [("Percentage0Tot15Jaar","Percentage 0 tot 15 jaar","%","Long",0,"Bevolking"),("Percentage15Tot25Jaar","Percentage 15 tot 25 jaar","%","Long",0,"Bevolking"),("Percentage25Tot45Jaar","Percentage 25 tot 45 jaar","%","Long",0,"Bevolking"),("Percentage45Tot65Jaar","Percentage 45 tot 65 jaar","%","Long",0,"Bevolking")]

def columns_for(year_i):
    cols = list(BASE_COLS)
    if year_i == 2:
        i = [c[0] for c in cols].index("Vrouwen") + 1
        cols = cols[:i] + EXTRA_2024 + cols[i:]
    # CBS numbers topics after the dimension; gaps where topic groups sit.
    keyed = []
    n = 1
    for c in cols:
        keyed.append((f"{c[0]}_{n}",) + c)
        n += 1
        if c[0] in ("Koopwoningen",):  # a group of columns left out of this fixture
            n += 4 if year_i == 0 else (4 if year_i == 1 else 4)
    # Make the WOZ key _35 in 2022 and _39 in 2024, as in the real tables.
    return keyed

def r1(x): return round(x, 1)

def wijk_values(code, yi):
    p = PROFILE[code]
    return {
      "laag": p["laag"] + p["dlaag"]*yi, "mini": p["mini"] + p["dmini"]*yi, "part": p["part"] + p["dpart"]*yi,
      "inkomen": p["inkomen"] + p["dink"]*yi, "bijst_per1000": p["bijst"] + p["dbijst"]*yi, "woz": p["woz"] + p["dwoz"]*yi,
      "corp": p["corp"] + p["dcorp"]*yi, "jz": p["jz"] + p["djz"]*yi, "wmo": p["wmo"] + p["dwmo"]*yi,
      "dief": p["dief"] + p["ddief"]*yi, "vern": p["vern"] + p["dvern"]*yi, "gew": p["gew"] + p["dgew"]*yi,
      "hart": p["hart"], "old": p["old"],
    }

def region_rows(yi):
    rows = []  # (code, kind, name, inhabitants, values dict or None-per-field)
    gm_parts = []
    for wcode, wname, buurten in WIJKEN:
        wv = wijk_values(wcode, yi)
        brows = []
        for bcode, bname, inh0 in buurten:
            inh = int(inh0 * (1 + 0.01*yi) + (yi * 7 if wcode == "WK960102" else 0))
            jitter = lambda x, s=1.0: x * (1 + (random.random()-0.5)*0.08*s)
            v = {k: jitter(val) for k, val in wv.items()}
            v["inh"] = inh
            brows.append((bcode, "Buurt", bname, v))
        tot = sum(b[3]["inh"] for b in brows)
        agg = {k: sum(b[3][k]*b[3]["inh"] for b in brows)/tot for k in wv}
        agg["inh"] = tot
        gm_parts.append(agg)
        rows.append((wcode, "Wijk", wname, agg))
        rows.extend(brows)
    tot = sum(a["inh"] for a in gm_parts)
    gm = {k: sum(a[k]*a["inh"] for a in gm_parts)/tot for k in gm_parts[0] if k != "inh"}
    gm["inh"] = tot
    return [("GM9601", "Gemeente", "Lindenhoven", gm)] + rows

SECRET_SMALL = {"BU96010204", "BU96010502"}  # under 50 inhabitants: CBS keeps income and care secret

def cells(code, kind, v, yi):
    small = code in SECRET_SMALL
    inh = v["inh"]
    hh = int(inh / 2.1)
    def sec(x): return None if small else x
    vals = {
      "Gemeentenaam": "Lindenhoven", "SoortRegio": kind, "Codering": code,
      "IndelingswijzigingWijkenEnBuurten": None if kind == "Gemeente" else ("2" if yi == 2 and code in ("WK960104","BU96010403") else "1"),
      "AantalInwoners": inh, "Mannen": inh//2, "Vrouwen": inh - inh//2, "k_0Tot15Jaar": int(inh*0.16),
      "k_65JaarOfOuder": int(inh*v["old"]), "HuishoudensTotaal": hh, "Bevolkingsdichtheid": None if small else int(inh*3.1),
      "Woningvoorraad": int(hh*1.02), "GemiddeldeWOZWaardeVanWoningen": sec(int(v["woz"])), "Koopwoningen": sec(int(100 - v["corp"] - 12)),
      "InBezitWoningcorporatie": sec(int(v["corp"])), "GemiddeldInkomenPerInwoner": sec(r1(v["inkomen"])),
      "HuishoudensMetEenLaagInkomen": sec(r1(v["laag"])), "HuishOnderOfRondSociaalMinimum": sec(r1(v["mini"])),
      "Nettoarbeidsparticipatie": sec(r1(v["part"])), "PersonenPerSoortUitkeringBijstand": sec(int(round(v["bijst_per1000"]*inh/1000/10)*10)),
      "PercentageJongerenMetJeugdzorg": sec(r1(v["jz"])), "WmoClientenRelatief": sec(int(v["wmo"])),
      "TotaalDiefstalUitWoningSchuurED": sec(r1(v["dief"])), "VernielingMisdrijfTegenOpenbareOrde": sec(r1(v["vern"])),
      "GeweldsEnSeksueleMisdrijven": sec(r1(v["gew"])), "AfstandTotHuisartsenpraktijk": r1(v["hart"]),
      "MeestVoorkomendePostcode": "9601" if kind != "Gemeente" else None, "Dekkingspercentage": "1" if kind == "Buurt" else None,
      "Percentage0Tot15Jaar": 16, "Percentage15Tot25Jaar": 12, "Percentage25Tot45Jaar": 26, "Percentage45Tot65Jaar": 27,
    }
    return vals

def pad(s, n): return s + " " * (n - len(s))

for table, year, yi in YEARS:
    cols = columns_for(yi)
    # Shift suffixes so WOZ is _35 in 2022, _36 in 2023 and _39 in 2024.
    woz_i = [c[1] for c in cols].index("GemiddeldeWOZWaardeVanWoningen")
    want = {0: 35, 1: 36, 2: 39}[yi]
    cur = int(cols[woz_i][0].rsplit("_",1)[1])
    shift = want - cur
    cols = [(f"{c[1]}_{int(c[0].rsplit('_',1)[1]) + (shift if i >= woz_i - 1 else 0)}",) + c[1:] for i, c in enumerate(cols)]
    rows = region_rows(yi)
    props = [{"odata.type":"Cbs.OData.WebAPI.GeoDimension","ID":0,"Position":0,"ParentID":None,"Type":"GeoDimension","Key":"WijkenEnBuurten","Title":"Wijken en buurten","Description":"Gemeenten, wijken en buurten volgens de indeling per 1 januari " + year + ".","MapYear":year,"ReleasePolicy":True}]
    groups = {}
    pid = 1
    for key, base, title, unit, dtype, dec, group in cols:
        parent = None
        if group:
            if group not in groups:
                groups[group] = pid
                props.append({"odata.type":"Cbs.OData.WebAPI.TopicGroup","ID":pid,"Position":pid,"ParentID":None,"Type":"TopicGroup","Key":group.replace(" ",""),"Title":group,"Description":None})
                pid += 1
            parent = groups[group]
        props.append({"odata.type":"Cbs.OData.WebAPI.Topic","ID":pid,"Position":pid,"ParentID":parent,"Type":"Topic","Key":key,"Title":title,"Description":title + ".","Datatype":dtype,"Unit":unit,"Decimals":dec,"Default":"Missing"})
        pid += 1
    meta = f"https://opendata.cbs.nl/ODataApi/OData/{table}/$metadata#Cbs.OData.WebAPI."
    data_rows = []
    for i, (code, kind, name, v) in enumerate(rows):
        c = cells(code, kind, v, yi)
        row = {"ID": i, "WijkenEnBuurten": pad(code, 10)}
        for key, base, title, unit, dtype, dec, group in cols:
            val = c.get(base)
            if dtype == "String" and val is not None:
                val = pad(str(val), 10 if base in ("SoortRegio","Codering","IndelingswijzigingWijkenEnBuurten") else (40 if base == "Gemeentenaam" else 10))
            row[key] = val
        data_rows.append((row, name))
    if yi == 1:
        # 2023 as the CSV download: keys in the header, every field quoted, "." for missing.
        keys = ["ID", "WijkenEnBuurten"] + [c[0] for c in cols]
        lines = [";".join(f'"{k}"' for k in keys)]
        for row, _ in data_rows:
            out = []
            for k in keys:
                val = row[k]
                if val is None: out.append('"       ."')
                else: out.append(f'"{val}"')
            lines.append(";".join(out))
        with open(f"{OUT}/{table}_TypedDataSet.csv", "w", newline="") as f:
            f.write("\r\n".join(lines) + "\r\n")
    else:
        d = f"{OUT}/{table}"
        os.makedirs(d, exist_ok=True)
        json.dump({"odata.metadata": meta + "TypedDataSet", "value": [r for r, _ in data_rows]}, open(f"{d}/TypedDataSet.json","w"), ensure_ascii=False)
        json.dump({"odata.metadata": meta + "DataProperties", "value": props}, open(f"{d}/DataProperties.json","w"), ensure_ascii=False, indent=1)
        json.dump({"odata.metadata": meta + "WijkenEnBuurten", "value": [{"Key": pad(code,10), "Title": name, "Description": None, "Municipality": "GM9601", "DetailRegionCode": code} for (code, kind, name, v) in rows]}, open(f"{d}/WijkenEnBuurten.json","w"), ensure_ascii=False, indent=1)
        json.dump({"odata.metadata": meta + "TableInfos", "value": [{"ID":0,"Title":f"Kerncijfers wijken en buurten {year}","ShortTitle":f"Kerncijfers wijken en buurten {year}","Identifier":table,"Summary":"Demo fixture for Lindenhoven (made-up gemeente) in the shape CBS publishes.","Modified":f"{int(year)+1}-06-28T02:00:00","MetaDataModified":f"{int(year)+1}-06-28T02:00:00","ReasonDelivery":"Actualisering","Frequency":"Eenmalig","Period":year,"Language":"nl","Catalog":"CBS"}]}, open(f"{d}/TableInfos.json","w"), ensure_ascii=False, indent=1)
print("ok")
