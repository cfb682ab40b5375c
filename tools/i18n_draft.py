"""First-draft French and Arabic translations of the labels, written into the .po catalogues.

Run once to (re)create the catalogues from the extracted template; afterwards translators edit
the .po files directly (docs/report.md). Usage:
    pybabel extract -F babel.cfg -k msg -k nmsg:1,2 --no-location --sort-output \
        -o /tmp/ssestrategy.pot .
    python tools/i18n_draft.py /tmp/ssestrategy.pot
    pybabel compile -d src/ssestrategy/i18n/locale -D ssestrategy
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from i18n_prose import PLURALS, PROSE

FR_AR: dict[str, tuple[str, str]] = {
    # several provinces (ssestrategy.territories)
    "Donor budget {budget} split by need (unemployed people);": (
        "Budget du bailleur de {budget} réparti selon le besoin (personnes au chômage) ;",
        "ميزانية المانح {budget} موزعة حسب الحاجة (العاطلون عن العمل)؛",
    ),
    "Donor budget {budget} split by population (people);": (
        "Budget du bailleur de {budget} réparti selon la population (habitants) ;",
        "ميزانية المانح {budget} موزعة حسب السكان (عدد السكان)؛",
    ),
    "Donor budget {budget} split equally;": (
        "Budget du bailleur de {budget} réparti à parts égales ;",
        "ميزانية المانح {budget} موزعة بالتساوي؛",
    ),
    "Drawn differently across provinces: ": (
        "Tirées différemment selon les provinces : ",
        "مسحوبة بشكل مختلف بين الأقاليم: ",
    ),
    "Pooled over the provinces:": ("Vue d'ensemble des provinces :", "الحصيلة على مستوى الأقاليم:"),
    "Rank in each province (* violates at least one constraint):": (
        "Rang dans chaque province (* viole au moins une contrainte) :",
        "الرتبة في كل إقليم (* تخرق قيدا واحدا على الأقل):",
    ),
    "basis": ("base", "الأساس"),
    "each province's strategies and budget constraints are scaled by its factor:": (
        "les stratégies et contraintes budgétaires de chaque province sont multipliées par son facteur :",
        "تُضرب استراتيجيات كل إقليم وقيوده المالية في معامله:",
    ),
    "envelope (MAD)": ("enveloppe (MAD)", "الغلاف المالي (درهم)"),
    "factor": ("facteur", "المعامل"),
    "first in": ("première dans", "الأولى في"),
    "mean rank": ("rang moyen", "متوسط الرتبة"),
    "no constraint violated in": ("aucune contrainte violée dans", "دون خرق أي قيد في"),
    "province": ("province", "الإقليم"),
    "share": ("part", "الحصة"),
    "{strategies} strategies in {provinces} provinces x {futures} futures (the same futures in every province for {shared} shared inputs)": (
        "{strategies} stratégies dans {provinces} provinces x {futures} futurs (les mêmes futurs dans chaque province pour {shared} entrées partagées)",
        "{strategies} استراتيجيات في {provinces} أقاليم x {futures} مستقبلا (المستقبلات نفسها في كل إقليم بالنسبة إلى {shared} مدخلات مشتركة)",
    ),
    "%(actors)s actors, %(ties)s partnerships, density %(density)s; %(poles)s declared poles.": (
        "%(actors)s acteurs, %(ties)s partenariats, densité %(density)s ; %(poles)s pôles déclarés.",
        "%(actors)s فاعلا، %(ties)s شراكة، الكثافة %(density)s؛ %(poles)s أقطاب معلنة.",
    ),
    "({n} of them with a plausible range)": (
        "(dont {n} avec un intervalle plausible)",
        "(منها {n} بمجال معقول)",
    ),
    "Assets": ("Atouts", "المؤهلات"),
    "Assumptions": ("Hypothèses", "الافتراضات"),
    "Binding constraints: ": ("Contraintes déterminantes : ", "القيود الحاسمة: "),
    "Case": ("Cas", "الحالة"),
    "Case {counts}.": ("Cas — {counts}.", "الحالة — {counts}."),
    "Comparison of the strategies": ("Comparaison des stratégies", "مقارنة الاستراتيجيات"),
    "Constraints, with intervals": ("Contraintes, avec intervalles", "القيود، مع المجالات"),
    "Diagnosis": ("Diagnostic", "التشخيص"),
    "Every number of the case is either sourced or an assumption; the findings below say which they rest on. Terms are explained in docs/glossary.md.": (
        "Chaque nombre du cas est soit sourcé, soit une hypothèse ; les constats ci-dessous disent sur quoi ils reposent. Les termes sont expliqués dans docs/glossary.md.",
        "كل رقم في الحالة إما موثق بمصدر وإما افتراض؛ وتبين الخلاصات أدناه على أي منهما تستند. المصطلحات مشروحة في docs/glossary.md.",
    ),
    "Findings and what they rest on": (
        "Constats et ce sur quoi ils reposent",
        "الخلاصات وما تستند إليه",
    ),
    "Futures simulated": ("Futurs simulés", "المستقبلات المحاكاة"),
    "Made with ssestrategy %(v)s. Translations are a first draft.": (
        "Produit avec ssestrategy %(v)s. Les traductions sont une première version.",
        "أُعدّ باستخدام ssestrategy %(v)s. الترجمات مسودة أولى.",
    ),
    "Money over the horizon (means over the futures)": (
        "Financements sur l'horizon (moyennes sur les futurs)",
        "الأموال على مدى الأفق (متوسطات على المستقبلات)",
    ),
    "Money over the horizon (means over the futures):": (
        "Financements sur l'horizon (moyennes sur les futurs) :",
        "الأموال على مدى الأفق (متوسطات على المستقبلات):",
    ),
    "On assumptions only": ("Sur des hypothèses seulement", "على افتراضات فقط"),
    "On sourced data": ("Sur des données sourcées", "على معطيات موثقة"),
    "On sourced data and assumptions": (
        "Sur des données sourcées et des hypothèses",
        "على معطيات موثقة وافتراضات",
    ),
    "Opportunities": ("Opportunités", "الفرص"),
    "Order: strategies that violate no constraint first; then the others, fewest violated constraints first; within each group, by the method's score (an undecided constraint does not count as violated).": (
        "Ordre : d'abord les stratégies qui ne violent aucune contrainte ; puis les autres, celles qui violent le moins de contraintes d'abord ; dans chaque groupe, selon le score de la méthode (une contrainte indécise ne compte pas comme violée).",
        "الترتيب: أولا الاستراتيجيات التي لا تخرق أي قيد؛ ثم الأخرى، الأقل خرقا للقيود أولا؛ وداخل كل مجموعة، حسب نقطة الطريقة (القيد غير المحسوم لا يعد مخروقا).",
    ),
    "P(best)": ("P(meilleure)", "P(الأفضل)"),
    "P(best): share of the futures in which each strategy is best on the composite score.": (
        "P(meilleure) : part des futurs où chaque stratégie est la meilleure sur le score composite.",
        "P(الأفضل): نسبة المستقبلات التي تكون فيها كل استراتيجية الأفضل حسب النقطة المركبة.",
    ),
    "P(best): share of the futures in which the strategy has the best composite score (the criteria's weighted sum, each scaled 0-1 over all futures); regret: mean shortfall of its composite from the best strategy of each future (0: never behind). See docs/glossary.md.": (
        "P(meilleure) : part des futurs où la stratégie a le meilleur score composite (somme pondérée des critères, chacun ramené à 0-1 sur tous les futurs) ; regret : écart moyen de son composite à la meilleure stratégie de chaque futur (0 : jamais derrière). Voir docs/glossary.md.",
        "P(الأفضل): نسبة المستقبلات التي تحقق فيها الاستراتيجية أفضل نقطة مركبة (المجموع المرجح للمعايير، كل منها بين 0 و1 على جميع المستقبلات)؛ الندم: متوسط تأخر نقطتها المركبة عن أفضل استراتيجية في كل مستقبل (0: لا تتأخر أبدا). انظر docs/glossary.md.",
    ),
    "P: share of the futures meeting the target; mean: mean over the futures; [low, high]: {level} interval. met: the whole interval meets the requirement; violated: the whole interval misses it; undecided: the interval straddles it (more futures would decide). See docs/glossary.md.": (
        "P : part des futurs qui atteignent la cible ; mean : moyenne sur les futurs ; [bas, haut] : intervalle à {level}. respectée : tout l'intervalle satisfait l'exigence ; violée : tout l'intervalle la manque ; indécise : l'intervalle la chevauche (plus de futurs trancheraient). Voir docs/glossary.md.",
        "P: نسبة المستقبلات التي تبلغ الهدف؛ mean: المتوسط على المستقبلات؛ [أدنى، أعلى]: مجال بمستوى {level}. محترم: المجال كله يستوفي الشرط؛ مخروق: المجال كله لا يستوفيه؛ غير محسوم: المجال يتجاوزه من الجهتين (مستقبلات أكثر ستحسم). انظر docs/glossary.md.",
    ),
    "Poles and their weakest factor": (
        "Les pôles et leur facteur le plus faible",
        "الأقطاب وأضعف عامل فيها",
    ),
    "Ranking": ("Classement", "الترتيب"),
    "SSE strategy report": (
        "Rapport de stratégie ESS",
        "تقرير استراتيجية الاقتصاد الاجتماعي والتضامني",
    ),
    "TOPSIS score: closeness to the ideal strategy (0 worst, 1 best of these); P(best): share of the futures in which the strategy has the best composite score (the criteria's weighted sum, each scaled 0-1 over all futures); regret: mean shortfall of its composite from the best strategy of each future.": (
        "Score TOPSIS : proximité de la stratégie idéale (0 la pire, 1 la meilleure de celles-ci) ; P(meilleure) : part des futurs où la stratégie a le meilleur score composite (somme pondérée des critères, chacun ramené à 0-1 sur tous les futurs) ; regret : écart moyen de son composite à la meilleure stratégie de chaque futur.",
        "نقطة TOPSIS: القرب من الاستراتيجية المثلى (0 الأسوأ، 1 الأفضل بينها)؛ P(الأفضل): نسبة المستقبلات التي تحقق فيها الاستراتيجية أفضل نقطة مركبة (المجموع المرجح للمعايير، كل منها بين 0 و1 على جميع المستقبلات)؛ الندم: متوسط تأخر نقطتها المركبة عن أفضل استراتيجية في كل مستقبل.",
    ),
    "Territory": ("Territoire", "المجال الترابي"),
    "The assumed numbers that drive the model, with their plausible range (the sensitivity analysis varies them). %(n)s numbers of the case are sourced.": (
        "Les nombres supposés qui pilotent le modèle, avec leur intervalle plausible (l'analyse de sensibilité les fait varier). %(n)s nombres du cas sont sourcés.",
        "الأرقام المفترضة التي تحرك النموذج، مع مجالها المعقول (يغيرها تحليل الحساسية). %(n)s من أرقام الحالة موثقة بمصدر.",
    ),
    "The four success factors of each pole (0 to 1); dashed line: the threshold each factor should reach.": (
        "Les quatre facteurs de succès de chaque pôle (0 à 1) ; en tirets : le seuil que chaque facteur devrait atteindre.",
        "عوامل النجاح الأربعة لكل قطب (من 0 إلى 1)؛ الخط المتقطع: العتبة التي ينبغي أن يبلغها كل عامل.",
    ),
    "The inputs whose uncertainty moves the difference between the first two strategies most (Morris screening).": (
        "Les entrées dont l'incertitude fait le plus varier l'écart entre les deux premières stratégies (criblage de Morris).",
        "المدخلات التي يغير عدم اليقين فيها الفرق بين الاستراتيجيتين الأوليين أكثر من غيرها (غربلة موريس).",
    ),
    "Warnings:": ("Avertissements :", "تنبيهات:"),
    "Weaknesses": ("Faiblesses", "نقاط الضعف"),
    "What drives the choice": ("Ce qui détermine le choix", "ما يحدد الاختيار"),
    "Why the leader leads": ("Pourquoi la première est en tête", "لماذا تتصدر الأولى"),
    "all met": ("toutes respectées", "كلها محترمة"),
    "constraint": ("contrainte", "القيد"),
    "constraints": ("contraintes", "القيود"),
    "decision": ("décision", "القرار"),
    "design": ("conception", "التصميم"),
    "estimate": ("estimation", "التقدير"),
    "estimate: for a chance constraint, the share of the futures meeting the target; otherwise the mean over the futures. met: the whole interval meets the requirement; violated: the whole interval misses it; undecided: the interval straddles it (more futures would decide).": (
        "estimation : pour une contrainte en probabilité, la part des futurs qui atteignent la cible ; sinon la moyenne sur les futurs. respectée : tout l'intervalle satisfait l'exigence ; violée : tout l'intervalle la manque ; indécise : l'intervalle la chevauche (plus de futurs trancheraient).",
        "التقدير: بالنسبة لقيد احتمالي، نسبة المستقبلات التي تبلغ الهدف؛ وإلا فالمتوسط على المستقبلات. محترم: المجال كله يستوفي الشرط؛ مخروق: المجال كله لا يستوفيه؛ غير محسوم: المجال يتجاوزه من الجهتين (مستقبلات أكثر ستحسم).",
    ),
    "financing": ("financement", "التمويل"),
    "governance": ("gouvernance", "الحكامة"),
    "innovation": ("innovation", "الابتكار"),
    "input": ("entrée", "المدخل"),
    "interval": ("intervalle", "المجال"),
    "kind": ("nature", "النوع"),
    "leverage": ("effet de levier", "الرافعة"),
    "leverage: money reaching actors per dirham of public money, above 1 only when a revolving fund re-lends repayments. Amounts in Moroccan dirham (MAD).": (
        "effet de levier : argent parvenant aux acteurs par dirham d'argent public, au-dessus de 1 seulement quand un fonds renouvelable reprête les remboursements. Montants en dirhams marocains (MAD).",
        "الرافعة: الأموال التي تصل إلى الفاعلين لكل درهم من المال العمومي، تتجاوز 1 فقط عندما يعيد صندوق دوار إقراض المبالغ المسددة. المبالغ بالدرهم المغربي (MAD).",
    ),
    "members": ("membres", "الأعضاء"),
    "met": ("respectée", "محترم"),
    "method": ("méthode", "الطريقة"),
    "mu*: mean absolute effect of moving the input one step across its plausible range.": (
        "mu* : effet absolu moyen d'un pas de l'entrée dans son intervalle plausible.",
        "mu*: متوسط الأثر المطلق لتحريك المدخل خطوة واحدة داخل مجاله المعقول.",
    ),
    "mu*: mean absolute effect of moving the input one step across its range; mu: mean signed effect; sigma: spread of the effects (interactions, non-linearity). See docs/glossary.md.": (
        "mu* : effet absolu moyen d'un pas de l'entrée dans son intervalle ; mu : effet moyen signé ; sigma : dispersion des effets (interactions, non-linéarité). Voir docs/glossary.md.",
        "mu*: متوسط الأثر المطلق لتحريك المدخل خطوة داخل مجاله؛ mu: متوسط الأثر بإشارته؛ sigma: تشتت الآثار (تفاعلات، لاخطية). انظر docs/glossary.md.",
    ),
    "networking": ("réseautage", "التشبيك"),
    "none": ("aucune", "لا شيء"),
    "note": ("note", "ملاحظة"),
    "number": ("nombre", "الرقم"),
    "numbers: {sourced} sourced, {assumed} assumed": (
        "nombres : {sourced} sourcés, {assumed} supposés",
        "الأرقام: {sourced} موثقة بمصدر، {assumed} مفترضة",
    ),
    "parameters": ("paramètres", "المعاملات"),
    "plausible range": ("intervalle plausible", "المجال المعقول"),
    "pole": ("pôle", "القطب"),
    "public spend": ("dépense publique", "الإنفاق العمومي"),
    "public spend: public money spent (MAD); reaching actors: money that reaches the actors (MAD); leverage: money reaching actors per dirham of public money, above 1 only when a revolving fund re-lends repayments. See docs/glossary.md.": (
        "dépense publique : argent public dépensé (MAD) ; parvenant aux acteurs : argent qui parvient aux acteurs (MAD) ; effet de levier : argent parvenant aux acteurs par dirham d'argent public, au-dessus de 1 seulement quand un fonds renouvelable reprête les remboursements. Voir docs/glossary.md.",
        "الإنفاق العمومي: المال العمومي المصروف (MAD)؛ الواصل إلى الفاعلين: المال الذي يصل إلى الفاعلين (MAD)؛ الرافعة: الأموال التي تصل إلى الفاعلين لكل درهم من المال العمومي، تتجاوز 1 فقط عندما يعيد صندوق دوار إقراض المبالغ المسددة. انظر docs/glossary.md.",
    ),
    "rank": ("rang", "الرتبة"),
    "reaching actors": ("parvenant aux acteurs", "الواصل إلى الفاعلين"),
    "regret": ("regret", "الندم"),
    "required": ("exigé", "المطلوب"),
    "score": ("score", "النقطة"),
    "score: PROMETHEE II net flow (-1 to 1, higher is better)": (
        "score : flux net PROMETHEE II (-1 à 1, plus haut est meilleur)",
        "النقطة: التدفق الصافي PROMETHEE II (من -1 إلى 1، الأعلى أفضل)",
    ),
    "score: TOPSIS closeness to the ideal strategy (0 worst, 1 best of these)": (
        "score : proximité TOPSIS de la stratégie idéale (0 la pire, 1 la meilleure de celles-ci)",
        "النقطة: قرب TOPSIS من الاستراتيجية المثلى (0 الأسوأ، 1 الأفضل بينها)",
    ),
    "score: VIKOR Q (lower is better)": (
        "score : Q de VIKOR (plus bas est meilleur)",
        "النقطة: Q لـ VIKOR (الأدنى أفضل)",
    ),
    "score: weighted sum of the criteria scaled 0-1 (higher is better)": (
        "score : somme pondérée des critères ramenés à 0-1 (plus haut est meilleur)",
        "النقطة: المجموع المرجح للمعايير بين 0 و1 (الأعلى أفضل)",
    ),
    "strategy": ("stratégie", "الاستراتيجية"),
    "success": ("succès", "النجاح"),
    "success: the pole's success from its four factors (CES aggregate: the weakest factor weighs most); threshold %(t)s (an assumption).": (
        "succès : le succès du pôle à partir de ses quatre facteurs (agrégat CES : le facteur le plus faible pèse le plus) ; seuil %(t)s (une hypothèse).",
        "النجاح: نجاح القطب انطلاقا من عوامله الأربعة (تجميع CES: أضعف عامل هو الأثقل وزنا)؛ العتبة %(t)s (افتراض).",
    ),
    "undecided": ("indécise", "غير محسوم"),
    "value": ("valeur", "القيمة"),
    "verdict": ("verdict", "الحكم"),
    "violated": ("violée", "مخروق"),
    "violated constraints": ("contraintes violées", "القيود المخروقة"),
    "weakest factor": ("facteur le plus faible", "أضعف عامل"),
    "{case}: {n} strategies x {scenarios} scenarios, method {method}, weights {w}": (
        "{case} : {n} stratégies x {scenarios} scénarios, méthode {method}, poids {w}",
        "{case}: {n} استراتيجيات × {scenarios} سيناريو، الطريقة {method}، الأوزان {w}",
    ),
    "{n} unlabelled": ("{n} sans étiquette", "{n} بدون تصنيف"),
}

LOCALE = Path(__file__).resolve().parent.parent / "src" / "ssestrategy" / "i18n" / "locale"


def main(pot: str) -> None:
    for k, lang in enumerate(("fr", "ar")):
        with open(pot, "rb") as f:
            catalog = read_po(f, locale=lang, domain="ssestrategy")
        catalog.project, catalog.version = "ssestrategy", "0.1.0"
        catalog.fuzzy = False
        drafts = {**FR_AR, **PROSE}
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if isinstance(message.id, tuple) and key in PLURALS:
                forms = PLURALS[key][k]
                if len(forms) == 2 and catalog.num_plurals == 3:  # French (CLDR): one, many, other
                    forms = (forms[0], forms[1], forms[1])
                message.string = forms
            elif key and key in drafts:
                message.string = drafts[key][k]
        missing = [m.id for m in catalog if m.id and not all(m.string or [""])]
        if missing:
            raise SystemExit(f"{lang}: no draft for {missing}")
        out = LOCALE / lang / "LC_MESSAGES" / "ssestrategy.po"
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            write_po(f, catalog, width=100, omit_header=False, no_location=True)


if __name__ == "__main__":
    main(sys.argv[1])
