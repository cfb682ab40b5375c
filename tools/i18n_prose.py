"""First-draft French and Arabic translations of the reports' sentences (issue 15), merged into
the catalogues by tools/i18n_draft.py. Names from a case fill the placeholders untranslated.

Terms follow the domain glossary of the seed article (docs/report.md): économie sociale et
solidaire / الاقتصاد الاجتماعي والتضامني, pôle / قطب, coopérative / تعاونية, acteur / فاعل,
partenariat / شراكة, contrainte / قيد, futur / مستقبل.

Plural messages: French has two forms here (n <= 1, n > 1; the catalogue's third CLDR form,
millions, takes the plural); Arabic six (0, 1, 2, 3-10, 11-99, 100 and more), chosen by the
count the message is made with.
"""

from __future__ import annotations

# msgid -> (French, Arabic)
PROSE: dict[str, tuple[str, str]] = {
    # --- the ranking's line per strategy ----------------------------------------------------
    "{strategy} ranks {rank}": ("{strategy} est classée {rank}", "{strategy} في الرتبة {rank}"),
    "meets every constraint": ("respecte toutes les contraintes", "تحترم جميع القيود"),
    "violates no constraint (undecided: {ids})": (
        "ne viole aucune contrainte (indécises : {ids})",
        "لا تخرق أي قيد (غير محسومة: {ids})",
    ),
    "violates {constraints}": ("viole {constraints}", "تخرق {constraints}"),
    "{id} (P={p} < {required})": ("{id} (P={p} < {required})", "{id} (P={p} < {required})"),
    "{id} (mean {estimate} vs {op} {target})": (
        "{id} (moyenne {estimate} pour {op} {target})",
        "{id} (المتوسط {estimate} مقابل {op} {target})",
    ),
    "best on every criterion": (
        "la meilleure sur tous les critères",
        "الأفضل في جميع المعايير",
    ),
    "last on every criterion": ("la dernière sur tous les critères", "الأخيرة في جميع المعايير"),
    "best on {criteria}": ("la meilleure sur {criteria}", "الأفضل في {criteria}"),
    "last on {criteria}": ("la dernière sur {criteria}", "الأخيرة في {criteria}"),
    "neither best nor last on any criterion": (
        "ni la meilleure ni la dernière sur aucun critère",
        "ليست الأفضل ولا الأخيرة في أي معيار",
    ),
    "best in {share} of futures": (
        "la meilleure dans {share} des futurs",
        "الأفضل في {share} من المستقبلات",
    ),
    # --- why the leader leads ----------------------------------------------------------------
    "{a} and {b} tie in the ranking.": (
        "{a} et {b} sont à égalité dans le classement.",
        "{a} و{b} متعادلتان في الترتيب.",
    ),
    "{ahead} ranks ahead of {behind} because {ahead} violates no constraint and {behind} violates {constraints}.": (
        "{ahead} est classée devant {behind} car {ahead} ne viole aucune contrainte et {behind} viole {constraints}.",
        "تتقدم {ahead} على {behind} لأن {ahead} لا تخرق أي قيد بينما تخرق {behind} {constraints}.",
    ),
    "{ahead} ranks ahead of {behind} because both violate constraints and {behind} violates more ({n_behind} vs {n_ahead}): {constraints}.": (
        "{ahead} est classée devant {behind} car les deux violent des contraintes et {behind} en viole davantage ({n_behind} contre {n_ahead}) : {constraints}.",
        "تتقدم {ahead} على {behind} لأن كلتيهما تخرقان قيودا و{behind} تخرق عددا أكبر ({n_behind} مقابل {n_ahead}): {constraints}.",
    ),
    "{id} ({verdict}; {ahead}: {status}, {estimate})": (
        "{id} ({verdict} ; {ahead} : {status}, {estimate})",
        "{id} ({verdict}؛ {ahead}: {status}، {estimate})",
    ),
    "P = {p}": ("P = {p}", "P = {p}"),
    "mean {estimate}": ("moyenne {estimate}", "المتوسط {estimate}"),
    "P = {p} vs required {required}": (
        "P = {p} pour {required} exigé",
        "P = {p} مقابل {required} مطلوب",
    ),
    "mean {estimate} vs {op} {target}": (
        "moyenne {estimate} pour {op} {target}",
        "المتوسط {estimate} مقابل {op} {target}",
    ),
    "{ahead} ranks ahead of {behind} on the {method} score ({score_ahead} vs {score_behind}, lower is better); {part} of its {lead} lead comes from {criterion}.": (
        "{ahead} est classée devant {behind} selon le score {method} ({score_ahead} contre {score_behind}, plus bas est meilleur) ; {part} de son avance de {lead} vient de {criterion}.",
        "تتقدم {ahead} على {behind} حسب نقطة {method} ({score_ahead} مقابل {score_behind}، الأدنى أفضل)؛ {part} من تقدمها البالغ {lead} يأتي من {criterion}.",
    ),
    "{ahead} ranks ahead of {behind} on the {method} score ({score_ahead} vs {score_behind}); {part} of its {lead} lead comes from {criterion}.": (
        "{ahead} est classée devant {behind} selon le score {method} ({score_ahead} contre {score_behind}) ; {part} de son avance de {lead} vient de {criterion}.",
        "تتقدم {ahead} على {behind} حسب نقطة {method} ({score_ahead} مقابل {score_behind})؛ {part} من تقدمها البالغ {lead} يأتي من {criterion}.",
    ),
    "{a} and {b} are level on the mean composite.": (
        "{a} et {b} sont à égalité sur le composite moyen.",
        "{a} و{b} متساويتان في النقطة المركبة المتوسطة.",
    ),
    "{leader} leads {other} by {gap} on the mean composite; {part} of it from {criterion}; the other criteria give {rest}.": (
        "{leader} devance {other} de {gap} sur le composite moyen ; {part} viennent de {criterion} ; les autres critères donnent {rest}.",
        "تتقدم {leader} على {other} بفارق {gap} في النقطة المركبة المتوسطة؛ منها {part} من {criterion}؛ وتعطي المعايير الأخرى {rest}.",
    ),
    "{leader} leads {other} by {gap} on the mean composite; {part} of it from {criterion}, which only {owner} has a lever for ({levers}); the other criteria give {rest}.": (
        "{leader} devance {other} de {gap} sur le composite moyen ; {part} viennent de {criterion}, sur lequel seule {owner} dispose d'un levier ({levers}) ; les autres critères donnent {rest}.",
        "تتقدم {leader} على {other} بفارق {gap} في النقطة المركبة المتوسطة؛ منها {part} من {criterion}، الذي لا تملك رافعة له سوى {owner} ({levers})؛ وتعطي المعايير الأخرى {rest}.",
    ),
    "{leader} leads {other} by {gap} on the mean composite; {part} of it from {criterion}, although only {owner} has a lever for it ({levers}); the other criteria give {rest}.": (
        "{leader} devance {other} de {gap} sur le composite moyen ; {part} viennent de {criterion}, bien que seule {owner} dispose d'un levier pour celui-ci ({levers}) ; les autres critères donnent {rest}.",
        "تتقدم {leader} على {other} بفارق {gap} في النقطة المركبة المتوسطة؛ منها {part} من {criterion}، رغم أن {owner} وحدها تملك رافعة له ({levers})؛ وتعطي المعايير الأخرى {rest}.",
    ),
    "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs {p_ahead}) because P(best) counts futures won on the composite whatever the constraints, while the ranking puts {ahead} first on the constraints.": (
        "{behind} est la meilleure dans plus de futurs que {ahead} (P(meilleure) {p_behind} contre {p_ahead}) car P(meilleure) compte les futurs gagnés sur le composite quelles que soient les contraintes, alors que le classement place {ahead} en tête sur les contraintes.",
        "{behind} هي الأفضل في مستقبلات أكثر من {ahead} (P(الأفضل) {p_behind} مقابل {p_ahead}) لأن P(الأفضل) تحسب المستقبلات المكسوبة بالنقطة المركبة بغض النظر عن القيود، بينما يضع الترتيب {ahead} أولا بناء على القيود.",
    ),
    "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs {p_ahead}) because the rank follows the {method} score of the criteria summarised over futures, while P(best) counts futures won on the composite, on which {behind} has the higher mean.": (
        "{behind} est la meilleure dans plus de futurs que {ahead} (P(meilleure) {p_behind} contre {p_ahead}) car le rang suit le score {method} des critères résumés sur les futurs, alors que P(meilleure) compte les futurs gagnés sur le composite, dont {behind} a la moyenne la plus haute.",
        "{behind} هي الأفضل في مستقبلات أكثر من {ahead} (P(الأفضل) {p_behind} مقابل {p_ahead}) لأن الرتبة تتبع نقطة {method} للمعايير الملخصة على المستقبلات، بينما تحسب P(الأفضل) المستقبلات المكسوبة بالنقطة المركبة، التي تملك فيها {behind} المتوسط الأعلى.",
    ),
    "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs {p_ahead}) because {ahead} has the higher mean composite (by {gap}) but beats {behind} in {wins} of futures: its wins are larger than its losses.": (
        "{behind} est la meilleure dans plus de futurs que {ahead} (P(meilleure) {p_behind} contre {p_ahead}) car {ahead} a le composite moyen le plus haut (de {gap}) mais ne bat {behind} que dans {wins} des futurs : ses gains sont plus grands que ses pertes.",
        "{behind} هي الأفضل في مستقبلات أكثر من {ahead} (P(الأفضل) {p_behind} مقابل {p_ahead}) لأن {ahead} تملك النقطة المركبة المتوسطة الأعلى (بفارق {gap}) لكنها لا تتفوق على {behind} إلا في {wins} من المستقبلات: مكاسبها أكبر من خسائرها.",
    ),
    "{behind} is best in more futures than {ahead} (P(best) {p_behind} vs {p_ahead}) because {ahead} has the higher mean composite (by {gap}) but beats {behind} in {wins} of futures: other strategies take more of its best futures.": (
        "{behind} est la meilleure dans plus de futurs que {ahead} (P(meilleure) {p_behind} contre {p_ahead}) car {ahead} a le composite moyen le plus haut (de {gap}) et bat {behind} dans {wins} des futurs : d'autres stratégies lui prennent davantage de ses meilleurs futurs.",
        "{behind} هي الأفضل في مستقبلات أكثر من {ahead} (P(الأفضل) {p_behind} مقابل {p_ahead}) لأن {ahead} تملك النقطة المركبة المتوسطة الأعلى (بفارق {gap}) وتتفوق على {behind} في {wins} من المستقبلات: استراتيجيات أخرى تأخذ منها عددا أكبر من أفضل مستقبلاتها.",
    ),
    "Design: {summary}.": ("Conception : {summary}.", "التصميم: {summary}."),
    "only {strategy} buys {instruments}": (
        "seule {strategy} finance {instruments}",
        "{strategy} وحدها تمول {instruments}",
    ),
    "{instrument} (MAD {millions}M)": (
        "{instrument} ({millions} M MAD)",
        "{instrument} ({millions} مليون درهم)",
    ),
    "they buy the same instruments": (
        "elles financent les mêmes instruments",
        "تمولان الأدوات نفسها",
    ),
    # --- the constraints' lines ------------------------------------------------------------
    "{id}: P = {p} [{low}, {high}] vs required {required} -> {verdict}": (
        "{id} : P = {p} [{low} ; {high}] pour {required} exigé -> {verdict}",
        "{id}: P = {p} [{low}، {high}] مقابل {required} مطلوب <- {verdict}",
    ),
    "{id}: mean {estimate} [{low}, {high}] vs {op} {target} -> {verdict}": (
        "{id} : moyenne {estimate} [{low} ; {high}] pour {op} {target} -> {verdict}",
        "{id}: المتوسط {estimate} [{low}، {high}] مقابل {op} {target} <- {verdict}",
    ),
    # --- the findings of the diagnosis -----------------------------------------------------
    "Findings on assumptions describe the assumptions, not the territory.": (
        "Les constats fondés sur des hypothèses décrivent les hypothèses, non le territoire.",
        "الخلاصات المبنية على افتراضات تصف الافتراضات لا المجال الترابي.",
    ),
    "capacities": ("capacités", "القدرات"),
    "ties": ("liens", "الروابط"),
    "sourced": ("sourcées", "موثقة"),
    "assumed": ("supposées", "مفترضة"),
    "unlabelled": ("sans étiquette", "غير مصنفة"),
    "mixed": ("mixtes", "مختلطة"),
    "rests on {basis} data: the capacities of {n} records ({sourced} sourced)": (
        "repose sur des données {basis} : les capacités de {n} fiches ({sourced} sourcées)",
        "يستند إلى معطيات {basis}: قدرات السجلات (عددها {n}، منها {sourced} موثقة)",
    ),
    "rests on {basis} data: the capacities of {n} records ({sourced} sourced, {assumed} assumed)": (
        "repose sur des données {basis} : les capacités de {n} fiches ({sourced} sourcées, {assumed} supposées)",
        "يستند إلى معطيات {basis}: قدرات السجلات (عددها {n}، منها {sourced} موثقة و{assumed} مفترضة)",
    ),
    "rests on {basis} data: the {n} partnerships ({sourced} sourced)": (
        "repose sur des données {basis} : les {n} partenariats ({sourced} sourcés)",
        "يستند إلى معطيات {basis}: الشراكات (عددها {n}، منها {sourced} موثقة)",
    ),
    "rests on {basis} data: the {n} partnerships ({sourced} sourced, {assumed} assumed)": (
        "repose sur des données {basis} : les {n} partenariats ({sourced} sourcés, {assumed} supposés)",
        "يستند إلى معطيات {basis}: الشراكات (عددها {n}، منها {sourced} موثقة و{assumed} مفترضة)",
    ),
    "{name} {level}": ("{name} {level}", "{name} {level}"),
    "{name} {before} -> {after}": ("{name} {before} -> {after}", "{name} {before} <- {after}"),
    "{pole} is the most successful pole: success {success} (weakest factor {factor} at {level}).": (
        "{pole} est le pôle qui réussit le mieux : succès {success} (facteur le plus faible : {factor}, à {level}).",
        "{pole} هو القطب الأكثر نجاحا: النجاح {success} (أضعف عامل فيه {factor} عند {level}).",
    ),
    "{n} of {poles} poles are cohesive (cohesion at least {floor}, i.e. members' mean tie strength inside the pole at least the cohesion scale): {names}.": (
        "{n} pôles sur {poles} sont cohésifs (cohésion d'au moins {floor}, c'est-à-dire une force moyenne des liens entre membres au sein du pôle au moins égale à l'échelle de cohésion) : {names}.",
        "الأقطاب المتماسكة: {n} من أصل {poles} (تماسك لا يقل عن {floor}، أي أن متوسط قوة الروابط بين الأعضاء داخل القطب لا يقل عن سلم التماسك): {names}.",
    ),
    "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other actors (betweenness {betweenness}).": (
        "{actor} ({kind}) est un intermédiaire : il se trouve sur {share} des plus courts chemins entre les autres acteurs (intermédiarité {betweenness}).",
        "{actor} ({kind}) وسيط: يقع على {share} من أقصر المسارات بين الفاعلين الآخرين (البينية {betweenness}).",
    ),
    "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other actors (betweenness {betweenness} (estimated from sampled sources)).": (
        "{actor} ({kind}) est un intermédiaire : il se trouve sur {share} des plus courts chemins entre les autres acteurs (intermédiarité {betweenness} (estimée sur un échantillon de sources)).",
        "{actor} ({kind}) وسيط: يقع على {share} من أقصر المسارات بين الفاعلين الآخرين (البينية {betweenness} (مقدرة من عينة من المصادر)).",
    ),
    "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other actors (betweenness {betweenness}); {effective} of its {partners} partners are non-redundant (effective size).": (
        "{actor} ({kind}) est un intermédiaire : il se trouve sur {share} des plus courts chemins entre les autres acteurs (intermédiarité {betweenness}) ; {effective} de ses {partners} partenaires sont non redondants (taille effective).",
        "{actor} ({kind}) وسيط: يقع على {share} من أقصر المسارات بين الفاعلين الآخرين (البينية {betweenness})؛ {effective} من شركائه (عددهم {partners}) غير متكررين (الحجم الفعلي).",
    ),
    "{actor} ({kind}) is a broker: it lies on {share} of the shortest paths between other actors (betweenness {betweenness} (estimated from sampled sources)); {effective} of its {partners} partners are non-redundant (effective size).": (
        "{actor} ({kind}) est un intermédiaire : il se trouve sur {share} des plus courts chemins entre les autres acteurs (intermédiarité {betweenness} (estimée sur un échantillon de sources)) ; {effective} de ses {partners} partenaires sont non redondants (taille effective).",
        "{actor} ({kind}) وسيط: يقع على {share} من أقصر المسارات بين الفاعلين الآخرين (البينية {betweenness} (مقدرة من عينة من المصادر))؛ {effective} من شركائه (عددهم {partners}) غير متكررين (الحجم الفعلي).",
    ),
    "{share} of the {n} actors belong to one connected network.": (
        "{share} des {n} acteurs appartiennent à un même réseau connexe.",
        "{share} من الفاعلين (عددهم {n}) ينتمون إلى شبكة متصلة واحدة.",
    ),
    "{share} of the {n} actors belong to one connected network; two actors are {distance} ties apart on average.": (
        "{share} des {n} acteurs appartiennent à un même réseau connexe ; deux acteurs sont en moyenne à {distance} liens l'un de l'autre.",
        "{share} من الفاعلين (عددهم {n}) ينتمون إلى شبكة متصلة واحدة؛ ويفصل بين فاعلين اثنين {distance} رابط في المتوسط.",
    ),
    "The declared poles follow existing collaboration: the communities found in the network agree with them (adjusted Rand index {ari}, NMI {nmi}).": (
        "Les pôles déclarés suivent les collaborations existantes : les communautés trouvées dans le réseau s'accordent avec eux (indice de Rand ajusté {ari}, NMI {nmi}).",
        "الأقطاب المعلنة تتبع التعاون القائم: المجموعات المكتشفة في الشبكة تتوافق معها (مؤشر راند المعدل {ari}، NMI {nmi}).",
    ),
    "{n} of {poles} poles have no tie to any of the {available} financing actor (bank, micro-finance, donor)s: {names}. A pole platform or convention could bridge that gap.": (
        "{n} pôles sur {poles} n'ont aucun lien avec les {available} acteurs de financement (banque, microfinance, bailleur) : {names}. Une plateforme ou une convention de pôle pourrait combler ce manque.",
        "{n} من أصل {poles} أقطاب بدون أي رابط مع فاعلي التمويل (بنك، قروض صغرى، مانح؛ عددهم {available}): {names}. يمكن لمنصة أو اتفاقية للقطب سد هذه الفجوة.",
    ),
    "{n} of {poles} poles have no tie to any of the {available} market partner (enterprise or market tie)s: {names}. A pole platform or convention could bridge that gap.": (
        "{n} pôles sur {poles} n'ont aucun lien avec les {available} partenaires de marché (entreprise ou lien marchand) : {names}. Une plateforme ou une convention de pôle pourrait combler ce manque.",
        "{n} من أصل {poles} أقطاب بدون أي رابط مع شركاء السوق (مقاولة أو رابط تجاري؛ عددهم {available}): {names}. يمكن لمنصة أو اتفاقية للقطب سد هذه الفجوة.",
    ),
    "{n} of {poles} poles have no tie to any of the {available} institution (authority, ministry, chamber)s: {names}. A pole platform or convention could bridge that gap.": (
        "{n} pôles sur {poles} n'ont aucun lien avec les {available} institutions (autorité, ministère, chambre) : {names}. Une plateforme ou une convention de pôle pourrait combler ce manque.",
        "{n} من أصل {poles} أقطاب بدون أي رابط مع المؤسسات (سلطة، وزارة، غرفة؛ عددها {available}): {names}. يمكن لمنصة أو اتفاقية للقطب سد هذه الفجوة.",
    ),
    "{actor} ({kind}) is under-used: {partners} partners (median actor {median}) reaching {reached} of {poles} poles.": (
        "{actor} ({kind}) est sous-utilisé : {partners} partenaires (acteur médian : {median}), touchant {reached} pôles sur {poles}.",
        "{actor} ({kind}) غير مستغل بما يكفي: عدد شركائه {partners} (الفاعل الوسيط: {median})، يصل إلى {reached} من أصل {poles} أقطاب.",
    ),
    "best overlap {overlap} with {pole}": (
        "meilleur recouvrement {overlap} avec {pole}",
        "أفضل تداخل {overlap} مع {pole}",
    ),
    "no overlap with any declared pole": (
        "aucun recouvrement avec un pôle déclaré",
        "لا تداخل مع أي قطب معلن",
    ),
    "The network holds a cluster of {n} actors around {lead} (mostly {chain}) that matches no declared pole ({match}): a candidate pole.": (
        "Le réseau contient un groupe de {n} acteurs autour de {lead} (surtout {chain}) qui ne correspond à aucun pôle déclaré ({match}) : un pôle candidat.",
        "تضم الشبكة مجموعة من الفاعلين (عددهم {n}) حول {lead} (أغلبها {chain}) لا تطابق أي قطب معلن ({match}): قطب مرشح.",
    ),
    "The network holds a cluster of {n} actors around {lead} that matches no declared pole ({match}): a candidate pole.": (
        "Le réseau contient un groupe de {n} acteurs autour de {lead} qui ne correspond à aucun pôle déclaré ({match}) : un pôle candidat.",
        "تضم الشبكة مجموعة من الفاعلين (عددهم {n}) حول {lead} لا تطابق أي قطب معلن ({match}): قطب مرشح.",
    ),
    "{pole}'s weakest factor is networking ({level}) and its members are loosely tied (cohesion {cohesion}): tie-building (a platform, a federation hub) acts on its binding factor directly.": (
        "Le facteur le plus faible de {pole} est le réseautage ({level}) et ses membres sont peu liés (cohésion {cohesion}) : créer des liens (une plateforme, un pôle fédératif) agit directement sur son facteur limitant.",
        "أضعف عامل في {pole} هو التشبيك ({level}) وروابط أعضائه ضعيفة (التماسك {cohesion}): بناء الروابط (منصة، مركز اتحادي) يؤثر مباشرة في عامله المقيِّد.",
    ),
    "{pole} is held back by {factor}: level {level}, {gap} below the {threshold} threshold (success {success}).": (
        "{pole} est freiné par {factor} : niveau {level}, {gap} sous le seuil de {threshold} (succès {success}).",
        "{pole} يعيقه {factor}: المستوى {level}، أي {gap} دون عتبة {threshold} (النجاح {success}).",
    ),
    "The network is split into {groups} groups of tied actors (plus {isolated} isolated); the largest holds {share} of the actors.": (
        "Le réseau est divisé en {groups} groupes d'acteurs liés (plus {isolated} isolés) ; le plus grand réunit {share} des acteurs.",
        "الشبكة مقسمة إلى مجموعات من الفاعلين المترابطين (عددها {groups}، إضافة إلى {isolated} معزولين)؛ أكبرها تضم {share} من الفاعلين.",
    ),
    "{actor} is a single point of passage: it lies on {share} of the shortest paths between other actors.": (
        "{actor} est un point de passage unique : il se trouve sur {share} des plus courts chemins entre les autres acteurs.",
        "{actor} نقطة عبور وحيدة: يقع على {share} من أقصر المسارات بين الفاعلين الآخرين.",
    ),
    "The declared poles cut across existing collaboration: the network's communities agree weakly with them (adjusted Rand index {ari}).": (
        "Les pôles déclarés ne suivent pas les collaborations existantes : les communautés du réseau s'accordent peu avec eux (indice de Rand ajusté {ari}).",
        "الأقطاب المعلنة لا تتبع التعاون القائم: مجموعات الشبكة تتوافق معها بشكل ضعيف (مؤشر راند المعدل {ari}).",
    ),
    "The network depends on {who}: without it, it splits into {components} components (from {before}) and the largest holds {share} of the remaining actors (from {share_before}).": (
        "Le réseau dépend de {who} : sans lui, il se divise en {components} composantes (au lieu de {before}) et la plus grande réunit {share} des acteurs restants (au lieu de {share_before}).",
        "تعتمد الشبكة على {who}: بدونه تنقسم إلى مكونات عددها {components} (بدل {before}) وأكبرها تضم {share} من الفاعلين المتبقين (بدل {share_before}).",
    ),
    "Without {who}, the network's efficiency falls from {before} to {after} ({share} less).": (
        "Sans {who}, l'efficacité du réseau passe de {before} à {after} ({share} de moins).",
        "بدون {who} تنخفض كفاءة الشبكة من {before} إلى {after} (أقل بنسبة {share}).",
    ),
    "Without {who}, networking levels fall: {names}.": (
        "Sans {who}, les niveaux de réseautage baissent : {names}.",
        "بدون {who} تنخفض مستويات التشبيك: {names}.",
    ),
    # --- the diagnosis' text report ----------------------------------------------------------
    "Diagnosis of {territory} (case: {case})": (
        "Diagnostic de {territory} (cas : {case})",
        "تشخيص {territory} (الحالة: {case})",
    ),
    "Network": ("Réseau", "الشبكة"),
    "Key actors": ("Acteurs clés", "الفاعلون الرئيسيون"),
    "Poles": ("Pôles", "الأقطاب"),
    "Bridging ties (ties / distinct partners)": (
        "Liens passerelles (liens / partenaires distincts)",
        "روابط الجسور (الروابط / الشركاء المتمايزون)",
    ),
    "Communities (candidate poles)": (
        "Communautés (pôles candidats)",
        "المجموعات (أقطاب مرشحة)",
    ),
    "Resilience (removing an actor)": (
        "Résilience (retrait d'un acteur)",
        "الصمود (سحب فاعل)",
    ),
    "(none found)": ("(aucun)", "(لا شيء)"),
    "[basis: what the finding rests on] sourced = every record it uses cites a source; assumed = every record is an assumption (e.g. a generated population); mixed = both. Findings on assumed data describe the assumptions, not the territory.": (
        "[base : ce sur quoi repose le constat] sourcées = chaque fiche utilisée cite une source ; supposées = chaque fiche est une hypothèse (par exemple une population générée) ; mixtes = les deux. Les constats sur des données supposées décrivent les hypothèses, non le territoire.",
        "[الأساس: ما تستند إليه الخلاصة] موثقة = كل سجل مستعمل يذكر مصدرا؛ مفترضة = كل سجل افتراض (مثلا ساكنة مولدة)؛ مختلطة = كلاهما. الخلاصات المبنية على معطيات مفترضة تصف الافتراضات لا المجال الترابي.",
    ),
    "actor": ("acteur", "الفاعل"),
    "baseline": ("référence", "الوضع المرجعي"),
    "best pole": ("meilleur pôle", "أفضل قطب"),
    "betweenness": ("intermédiarité", "البينية"),
    "Burt constraint": ("contrainte de Burt", "قيد بيرت"),
    "community": ("communauté", "المجموعة"),
    "components": ("composantes", "المكونات"),
    "degree": ("degré", "الدرجة"),
    "density": ("densité", "الكثافة"),
    "efficiency": ("efficacité", "الكفاءة"),
    "institutional": ("institutionnel", "مؤسساتي"),
    "largest": ("la plus grande", "الأكبر"),
    "lead": ("tête", "الرائد"),
    "market": ("marché", "السوق"),
    "mean path": ("chemin moyen", "متوسط المسار"),
    "scenario": ("scénario", "السيناريو"),
    "size": ("taille", "الحجم"),
    "value chain": ("filière", "سلسلة القيمة"),
    "weakest (gap)": ("le plus faible (écart)", "الأضعف (الفجوة)"),
    "worst d.networking": ("pire d.réseautage", "أسوأ تغير في التشبيك"),
    "{n} actors: {kinds}": ("{n} acteurs : {kinds}", "الفاعلون ({n}): {kinds}"),
    "{n} partnerships: {kinds}": ("{n} partenariats : {kinds}", "الشراكات ({n}): {kinds}"),
    "{pairs} linked pairs, density {density}, mean degree {degree}; {components} components (largest {share}), {isolated} isolated actors; {in_poles} actors in {poles} declared poles.": (
        "{pairs} paires liées, densité {density}, degré moyen {degree} ; {components} composantes (la plus grande : {share}), {isolated} acteurs isolés ; {in_poles} acteurs dans {poles} pôles déclarés.",
        "أزواج مترابطة: {pairs}، الكثافة {density}، متوسط الدرجة {degree}؛ المكونات: {components} (أكبرها {share})، الفاعلون المعزولون: {isolated}؛ الفاعلون في الأقطاب المعلنة: {in_poles} (عدد الأقطاب {poles}).",
    ),
    "score = mean percentile rank of strength, betweenness, PageRank and 1 - Burt constraint; ": (
        "score = rang centile moyen de la force, de l'intermédiarité, du PageRank et de 1 - contrainte de Burt ; ",
        "النقطة = متوسط الرتبة المئينية للقوة والبينية وPageRank و1 - قيد بيرت؛ ",
    ),
    "betweenness sampled from {k} sources.": (
        "intermédiarité estimée sur {k} sources tirées au hasard.",
        "البينية مقدرة من عينة مصادر عددها {k}.",
    ),
    "betweenness exact.": ("intermédiarité exacte.", "البينية محسوبة بدقة."),
    "threshold {threshold} (assumption), CES rho {rho}, cohesion scale {scale}.": (
        "seuil {threshold} (hypothèse), rho CES {rho}, échelle de cohésion {scale}.",
        "العتبة {threshold} (افتراض)، rho لـ CES {rho}، سلم التماسك {scale}.",
    ),
    "{n} communities ({method}, seed {seed}), modularity {modularity}; agreement with declared poles over {actors} actors: adjusted Rand index {ari}, NMI {nmi}.": (
        "{n} communautés ({method}, graine {seed}), modularité {modularity} ; accord avec les pôles déclarés sur {actors} acteurs : indice de Rand ajusté {ari}, NMI {nmi}.",
        "المجموعات: {n} ({method}، البذرة {seed})، النمطية {modularity}؛ التوافق مع الأقطاب المعلنة على {actors} فاعلا: مؤشر راند المعدل {ari}، NMI {nmi}.",
    ),
    "distances estimated from {n} sampled sources.": (
        "distances estimées sur {n} sources tirées au hasard.",
        "المسافات مقدرة من عينة مصادر عددها {n}.",
    ),
    "MICMAC (structural analysis)": ("MICMAC (analyse structurelle)", "MICMAC (التحليل البنيوي)"),
    "MACTOR (actors' strategies)": (
        "MACTOR (stratégies des acteurs)",
        "MACTOR (استراتيجيات الفاعلين)",
    ),
    "variable": ("variable", "المتغير"),
    "influence": ("influence", "التأثير"),
    "dependence": ("dépendance", "التبعية"),
    "direct class": ("classe directe", "الصنف المباشر"),
    "indirect class": ("classe indirecte", "الصنف غير المباشر"),
    "class": ("classe", "الصنف"),
    "objective": ("objectif", "الهدف"),
    "for": ("pour", "مع"),
    "against": ("contre", "ضد"),
}

# Arabic noun forms for the six plural categories: 0, 1, 2, 3-10, 11-99, 100+
_POLES = ("أقطاب", "قطب", "قطبين", "أقطاب", "قطبا", "قطب")
_ACTORS = ("فاعلين", "فاعل", "فاعلان", "فاعلين", "فاعلا", "فاعل")


def _ar(template: str, nouns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(template.replace("NOUN", noun) for noun in nouns)


# singular msgid -> (French forms, Arabic forms)
PLURALS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "{n} violated": (
        ("{n} violée", "{n} violées"),
        (
            "{n} قيود مخروقة",
            "{n} قيد مخروق",
            "{n} قيدان مخروقان",
            "{n} قيود مخروقة",
            "{n} قيدا مخروقا",
            "{n} قيد مخروق",
        ),
    ),
    "none violated, {n} undecided": (
        ("aucune violée, {n} indécise", "aucune violée, {n} indécises"),
        (
            "لا قيد مخروق، {n} قيود غير محسومة",
            "لا قيد مخروق، {n} قيد غير محسوم",
            "لا قيد مخروق، {n} قيدان غير محسومين",
            "لا قيد مخروق، {n} قيود غير محسومة",
            "لا قيد مخروق، {n} قيدا غير محسوم",
            "لا قيد مخروق، {n} قيد غير محسوم",
        ),
    ),
    # the count is the number of poles ({poles})
    "{factor} reaches the {threshold} threshold in {n} of {poles} poles ({names}).": (
        (
            "{factor} : seuil de {threshold} atteint dans {n} pôle sur {poles} ({names}).",
            "{factor} : seuil de {threshold} atteint dans {n} des {poles} pôles ({names}).",
        ),
        _ar("يبلغ {factor} عتبة {threshold} في {n} من أصل {poles} NOUN ({names}).", _POLES),
    ),
    "{factor} is the weakest factor in {n} of {poles} poles.": (
        (
            "{factor} : facteur le plus faible dans {n} pôle sur {poles}.",
            "{factor} : facteur le plus faible dans {n} des {poles} pôles.",
        ),
        _ar("{factor} هو أضعف عامل في {n} من أصل {poles} NOUN.", _POLES),
    ),
    # the count is {n}
    "{names} and {n} more": (
        ("{names} et {n} autre", "{names} et {n} autres"),
        _ar("{names} و{n} NOUN", ("أخرى", "آخر", "آخران", "أخرى", "آخر", "آخر")),
    ),
    "{n} actors ({share}) have no partnership at all.": (
        (
            "{n} acteur ({share}) n'a aucun partenariat.",
            "{n} acteurs ({share}) n'ont aucun partenariat.",
        ),
        _ar("{n} NOUN ({share}) بدون أي شراكة.", _ACTORS),
    ),
    "{n} more poles have their weakest factor below the threshold.": (
        (
            "{n} autre pôle a son facteur le plus faible sous le seuil.",
            "{n} autres pôles ont leur facteur le plus faible sous le seuil.",
        ),
        _ar("{n} NOUN أخرى أضعف عامل فيها دون العتبة.", _POLES),
    ),
}
