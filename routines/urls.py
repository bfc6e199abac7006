from django.urls import path

from routines import add_views, views

# Whole numbers as <id:…>, never <int:…> (config/shared/converters.py).
app_name = "routines"

urlpatterns = [
    path("", views.routine_list, name="routine-list"),
    path("new/", views.routine_create, name="routine-create"),
    path("add/<slug:slug>/", add_views.stretch_add, name="stretch-add"),
    path("<id:pk>/", views.routine_detail, name="routine-detail"),
    path("<id:pk>/edit/", views.routine_edit, name="routine-edit"),
    path("<id:pk>/update/", views.routine_update, name="routine-update"),
    path("<id:pk>/copy/", views.routine_copy, name="routine-copy"),
    path("<id:pk>/pin/", views.routine_pin, name="routine-pin"),
    path("<id:pk>/unpin/", views.routine_unpin, name="routine-unpin"),
    path("<id:pk>/delete/", views.routine_delete, name="routine-delete"),
    path("<id:pk>/picker/", views.routine_picker, name="routine-picker"),
    path("<id:pk>/items/add/", views.item_add, name="item-add"),
    path("<id:pk>/items/restore/", views.item_restore, name="item-restore"),
    path("<id:pk>/items/<id:item_pk>/", views.item_update, name="item-update"),
    path("<id:pk>/items/<id:item_pk>/move/", views.item_move, name="item-move"),
    path("<id:pk>/items/<id:item_pk>/remove/", views.item_remove, name="item-remove"),
]
