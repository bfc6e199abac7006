from django.urls import path

from stretches import views

app_name = "stretches"

urlpatterns = [
    path("", views.stretch_list, name="stretch-list"),
    path("preferences/", views.preferences, name="preferences"),
    path("<slug:slug>/", views.stretch_detail, name="stretch-detail"),
]
