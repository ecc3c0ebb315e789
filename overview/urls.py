from django.urls import path

from .views import county, opendata, review_queue

app_name = "overview"

urlpatterns = [
    path("granska/", review_queue.review_queue, name="review_queue"),
    path("uppfoljning/<int:year>/", county.county_overview, name="county"),
    path(
        "uppfoljning/<int:year>/export/<slug:table>.<slug:fmt>",
        county.county_overview_export,
        name="county_export",
    ),
    path("kommun/<str:code>/uppfoljning/", county.municipality_overview, name="municipality"),
    path(
        "kommun/<str:code>/uppfoljning/export/<slug:table>.<slug:fmt>",
        county.municipality_overview_export,
        name="municipality_export",
    ),
    # Open data: public, no sign-in.
    path("oppna-data/", opendata.index, name="opendata"),
    path("oppna-data/<int:year>/", opendata.year_table, name="opendata_year"),
    path("oppna-data/<int:year>.csv", opendata.year_csv, name="opendata_csv"),
    path("oppna-data/<int:year>.json", opendata.year_json, name="opendata_json"),
]
